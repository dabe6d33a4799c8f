package sender

import (
	"encoding/json"
)

// Platform error codes, explained. The platform's own text is always
// shown too: it often says which of several causes it was.
var dingTalkCodes = map[int][2]string{
	310000: {"签名不匹配、时间戳超出一小时、消息不含关键词或 IP 不在白名单：请核对加签密钥、本机时钟和机器人的安全设置",
		"signature mismatch, timestamp off by more than an hour, keyword missing or IP not allowed: check the signing secret, this machine's clock and the robot's security settings"},
	300005: {"access_token 不存在：机器人可能已被删除，请重新复制 Webhook 地址", "the access_token does not exist: the robot may have been removed; copy its webhook URL again"},
	300001: {"access_token 无效：请重新复制 Webhook 地址", "the access_token is not valid: copy the webhook URL again"},
	130101: {"发送太快，机器人被限流 10 分钟（每分钟最多 20 条）", "sending too fast: the robot is blocked for 10 minutes (at most 20 messages a minute)"},
	460101: {"消息超过 20,000 字节", "the message exceeds 20,000 bytes"},
	400013: {"群已被解散", "the group was dissolved"},
	400101: {"机器人已停用", "the robot is disabled"},
}

var feishuCodes = map[int][2]string{
	19021: {"签名校验失败或时间戳与当前时间相差超过一小时：请核对签名密钥和本机时钟", "signature check failed or the timestamp is more than an hour off: check the signing secret and this machine's clock"},
	19022: {"本机 IP 不在机器人的 IP 白名单中", "this machine's IP is not on the bot's allow-list"},
	19024: {"消息不含机器人设置的关键词", "the message lacks the keyword the bot requires"},
	9499:  {"请求格式错误或发送太频繁（每分钟 100 条、每秒 5 条）", "bad request or too many requests (100 a minute, 5 a second)"},
	11232: {"发送太频繁：请避开整点和半点", "too many requests: avoid the exact hour and half hour"},
	19001: {"参数错误", "invalid parameters"},
}

var weComCodes = map[int][2]string{
	93000: {"Webhook 地址无效：请重新复制机器人的 Webhook 地址", "invalid webhook URL: copy the robot's webhook URL again"},
	40058: {"消息内容过长（Markdown 最多 4,096 字节，文本 2,048 字节）", "the message is too long (markdown at most 4,096 bytes, text 2,048)"},
	45009: {"发送太快（每个机器人每分钟最多 20 条）", "sending too fast (at most 20 messages a minute per robot)"},
	93004: {"机器人已被停用", "the robot is disabled"},
	40008: {"消息类型无效", "invalid message type"},
}

// errcodeCheck reads {"errcode":…,"errmsg":…}, the reply of 钉钉 and 企业微信:
// a success is HTTP 200 and errcode 0, and nothing else.
func errcodeCheck(kind string, codes map[int][2]string) func(int, []byte) *Error {
	return func(status int, body []byte) *Error {
		var r struct {
			Code *int   `json:"errcode"`
			Msg  string `json:"errmsg"`
		}
		if json.Unmarshal(body, &r) != nil || r.Code == nil {
			return &Error{Status: status, PlatformMsg: firstLine(body), ZH: "服务器回复不是预期的格式：地址可能不是" + kindNames[kind][0] + "机器人的 Webhook",
				EN: "the reply is not what the platform sends: the address may not be a " + kindNames[kind][1] + " robot webhook"}
		}
		if status == 200 && *r.Code == 0 {
			return nil
		}
		e := &Error{Status: status, Code: *r.Code, PlatformMsg: r.Msg}
		e.ZH, e.EN = codes[*r.Code][0], codes[*r.Code][1]
		return e
	}
}

// feishuCheck reads {"code":…,"msg":…}, or the older
// {"StatusCode":…,"StatusMessage":…}.
func feishuCheck(status int, body []byte) *Error {
	var r struct {
		Code       *int   `json:"code"`
		Msg        string `json:"msg"`
		StatusCode *int   `json:"StatusCode"`
		StatusMsg  string `json:"StatusMessage"`
	}
	if json.Unmarshal(body, &r) != nil || (r.Code == nil && r.StatusCode == nil) {
		return &Error{Status: status, PlatformMsg: firstLine(body), ZH: "服务器回复不是预期的格式：地址可能不是飞书机器人的 Webhook",
			EN: "the reply is not what Feishu sends: the address may not be a Feishu bot webhook"}
	}
	code, msg := 0, r.Msg
	if r.Code != nil {
		code = *r.Code
	} else {
		code, msg = *r.StatusCode, r.StatusMsg
	}
	if status == 200 && code == 0 {
		return nil
	}
	e := &Error{Status: status, Code: code, PlatformMsg: msg}
	e.ZH, e.EN = feishuCodes[code][0], feishuCodes[code][1]
	return e
}
