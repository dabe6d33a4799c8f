package policy_test

import (
	"fmt"
	"time"

	"beianledger/ledger/policy"
)

func ExamplePolicy_Check() {
	p, _ := policy.Preset("miit-legacy")
	avoid := policy.Avoid{Dates: []time.Time{time.Date(1990, 3, 7, 0, 0, 0, 0, time.UTC)}}
	for _, pr := range p.Check([]byte("zz19900307"), avoid) {
		fmt.Println(pr.Code)
	}
	// Output:
	// missing-upper
	// missing-symbol
	// contains-personal
}

func ExampleGenerate() {
	pw, err := policy.Generate(policy.MIITLegacy, policy.Avoid{Phones: []string{"13800138000"}})
	if err != nil {
		panic(err)
	}
	defer clear(pw) // wipe once stored
	fmt.Println(len(pw))
	// Output: 20
}
