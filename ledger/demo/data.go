package demo

import "strings"

// word is a Chinese word with the pinyin used for domains and e-mail names.
type word struct{ han, py string }

// words parses "汉:han 字:zi …".
func words(s string) []word {
	f := strings.Fields(s)
	out := make([]word, len(f))
	for i, kv := range f {
		h, p, _ := strings.Cut(kv, ":")
		out[i] = word{h, p}
	}
	return out
}

var (
	surnames = words(`王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 黄:huang 赵:zhao 吴:wu 周:zhou
		徐:xu 孙:sun 马:ma 朱:zhu 胡:hu 郭:guo 何:he 高:gao 林:lin 罗:luo 郑:zheng 梁:liang 谢:xie
		宋:song 唐:tang 许:xu 韩:han 冯:feng 邓:deng 曹:cao 彭:peng 曾:zeng 肖:xiao 田:tian 董:dong
		袁:yuan 潘:pan 于:yu 蒋:jiang 蔡:cai 余:yu 杜:du 叶:ye 程:cheng 苏:su 魏:wei 吕:lv 丁:ding
		任:ren 沈:shen 姚:yao 卢:lu 姜:jiang 崔:cui 钟:zhong 谭:tan 陆:lu 汪:wang 范:fan 金:jin
		石:shi 廖:liao 贾:jia 夏:xia 韦:wei 方:fang 白:bai 邹:zou 孟:meng 熊:xiong 秦:qin 邱:qiu
		江:jiang 尹:yin 薛:xue 段:duan 雷:lei 侯:hou 龙:long 史:shi 陶:tao 黎:li 贺:he 顾:gu 毛:mao
		郝:hao 龚:gong 邵:shao 万:wan 覃:qin 武:wu 戴:dai 孔:kong 欧阳:ouyang 司马:sima 上官:shangguan`)

	givenChars = words(`伟:wei 芳:fang 娜:na 敏:min 静:jing 丽:li 强:qiang 磊:lei 军:jun 洋:yang 勇:yong
		艳:yan 杰:jie 娟:juan 涛:tao 明:ming 超:chao 秀:xiu 霞:xia 平:ping 刚:gang 华:hua 建:jian
		文:wen 辉:hui 鹏:peng 宇:yu 浩:hao 思:si 雨:yu 欣:xin 嘉:jia 子:zi 梓:zi 涵:han 睿:rui 博:bo
		晨:chen 佳:jia 一:yi 诗:shi 悦:yue 怡:yi 凯:kai 俊:jun 志:zhi 海:hai 红:hong 燕:yan 玲:ling
		颖:ying 婷:ting 琳:lin 晓:xiao 亮:liang 斌:bin 峰:feng 轩:xuan 泽:ze 铭:ming 瑶:yao 昕:xin
		航:hang 宁:ning 远:yuan 舟:zhou 若:ruo 安:an 清:qing 逸:yi 哲:zhe 萱:xuan`)

	// rareChars are given-name characters that older systems and fonts
	// mishandle; the demo includes them on purpose.
	rareChars = words(`堃:kun 喆:zhe 昇:sheng 赟:yun 珺:jun 玥:yue 昊:hao 翀:chong 琛:chen 彧:yu
		瑄:xuan 燚:yi 淼:miao 垚:yao 犇:ben 昶:chang 玮:wei 祎:yi 瀚:han 璟:jing`)

	// brandParts are invented name parts for companies and their sites.
	brandParts = words(`星河:xinghe 云帆:yunfan 晨光:chenguang 瀚海:hanhai 青禾:qinghe 远山:yuanshan
		蓝鲸:lanjing 恒信:hengxin 锦程:jincheng 云杉:yunshan 启明:qiming 鼎盛:dingsheng 长风:changfeng
		若水:ruoshui 知行:zhixing 拓维:tuowei 博远:boyuan 千帆:qianfan 澄明:chengming 青木:qingmu
		松涛:songtao 橘井:jujing 白鹭:bailu 银杏:yinxing 北辰:beichen 南风:nanfeng 东篱:dongli
		西岭:xiling 数联:shulian 云图:yuntu 晴川:qingchuan 朗月:langyue 清源:qingyuan 合鑫:hexin
		海岳:haiyue 行远:xingyuan 嘉禾:jiahe 丰泽:fengze 天衡:tianheng 墨池:mochi 竹溪:zhuxi
		鹿鸣:luming 飞鸿:feihong 雁阵:yanzhen 溪山:xishan 云起:yunqi 观澜:guanlan 知微:zhiwei`)

	// institutionTopics name the departments of synthetic 事业单位.
	institutionTopics = words(`大数据发展:dashuju 教育技术:jiaoyujishu 融媒体:rongmeiti 科技情报:kejiqingbao
		信息化:xinxihua 公共资源交易:ggzyjy 政务数据:zhengwushuju 文化馆:wenhuaguan 青少年科技:qsnkeji`)

	industries  = []string{"科技", "科技", "网络科技", "信息技术", "网络", "数字科技", "软件"}
	roadWords   = []string{"创新", "科技", "文华", "软件园", "高新", "滨江", "学院", "云谷", "未来", "创业"}
	roadSuffix  = []string{"路", "大道", "街", "路"}
	tlds        = []string{"cn", "cn", "cn", "com.cn", "net.cn", "cn"}
	mobileHeads = []string{"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151",
		"152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180",
		"181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199"}

	websiteNames = []string{"官网", "商城", "帮助中心", "开发者平台", "博客", "招聘站", "会员中心",
		"资讯站", "在线学堂", "服务平台", "数据开放平台", "社区", "文档中心", "活动专题站"}
	appNames  = []string{"App", "办公", "出行", "商城App", "健康", "学习", "钱包"}
	miniNames = []string{"小程序", "点餐小程序", "预约小程序", "会员小程序", "客服小程序"}

	ownerPositions  = []string{"法定代表人", "总经理", "执行董事"}
	sitePositions   = []string{"技术总监", "运维工程师", "IT 主管", "产品经理", "网站管理员"}
	backupPositions = []string{"行政主管", "IT 经理", "副总经理", "信息安全专员"}

	problemNotes = []string{
		"首页底部未展示备案号，已通知前端修改",
		"备案号未链接到 https://beian.miit.gov.cn",
		"域名解析 IP 不在接入商 IP 段内，需确认",
		"网站负责人手机号已停机，需办理备案变更",
		"公安备案号及图标未在页面展示",
		"网站无法访问（502），疑似服务器到期",
		"网站内容与备案名称不符，需整改或变更",
	}
	actionNotes = []string{
		"已补充页脚备案号和链接并复核",
		"已联系接入商续费云服务器，网站恢复访问",
		"已提交负责人变更申请，等待 12381 短信核验",
		"已补挂公安备案图标",
	}
	normalNotes = []string{"", "", "", "首页、备案号链接、公安图标均正常", "已抽查，无异常"}
)

// city is a synthetic registration area: a real prefecture and district
// with its GB/T 2260 code (the last 4 digits).
type city struct {
	name, district, code4 string
}

// provinceSpec weights a province (by its common short name) and lists the
// cities used for it.
type provinceSpec struct {
	common string
	weight int
	cities []city
}

var provinceSpecs = []provinceSpec{
	{"京", 18, []city{{"北京", "朝阳区", "0105"}, {"北京", "海淀区", "0108"}, {"北京", "西城区", "0102"}}},
	{"沪", 15, []city{{"上海", "浦东新区", "0115"}, {"上海", "徐汇区", "0104"}, {"上海", "闵行区", "0112"}}},
	{"粤", 18, []city{{"深圳", "南山区", "0305"}, {"深圳", "福田区", "0304"}, {"广州", "天河区", "0106"}, {"广州", "海珠区", "0105"}}},
	{"浙", 13, []city{{"杭州", "西湖区", "0106"}, {"杭州", "滨江区", "0108"}, {"宁波", "鄞州区", "0212"}}},
	{"苏", 10, []city{{"南京", "玄武区", "0102"}, {"苏州", "吴中区", "0506"}, {"无锡", "滨湖区", "0211"}}},
	{"川", 6, []city{{"成都", "武侯区", "0107"}, {"成都", "锦江区", "0104"}, {"绵阳", "涪城区", "0703"}}},
	{"鄂", 3, []city{{"武汉", "洪山区", "0111"}, {"武汉", "武昌区", "0106"}}},
	{"鲁", 3, []city{{"济南", "历下区", "0102"}, {"青岛", "崂山区", "0212"}}},
	{"闽", 3, []city{{"厦门", "湖里区", "0206"}, {"福州", "鼓楼区", "0102"}}},
	{"陕", 2, []city{{"西安", "雁塔区", "0113"}}},
	{"湘", 2, []city{{"长沙", "岳麓区", "0104"}}},
	{"渝", 2, []city{{"重庆", "渝北区", "0112"}, {"重庆", "江北区", "0105"}}},
	{"豫", 2, []city{{"郑州", "金水区", "0105"}}},
	{"皖", 2, []city{{"合肥", "蜀山区", "0104"}}},
	{"津", 2, []city{{"天津", "滨海新区", "0116"}}},
	{"辽", 1, []city{{"大连", "甘井子区", "0211"}}},
	{"贵", 1, []city{{"贵阳", "观山湖区", "0115"}}},
	{"云", 1, []city{{"昆明", "五华区", "0102"}}},
	{"甘", 1, []city{{"兰州", "城关区", "0102"}}},
}

// providerSpec is one access provider of domain.md §5.
type providerSpec struct {
	name      string
	aliases   []string
	console   string
	hotline   string
	weight    int
	notes     string
	materials string
}

const commonMaterials = "营业执照扫描件；法定代表人与网站负责人身份证正反面；网站负责人核验照片或人脸核验；" +
	"域名证书；前置审批文件（如涉及）。以接入商当期要求为准。"

var providerSpecs = []providerSpec{
	{"阿里云", []string{"aliyun", "万网", "HiChina", "Alibaba Cloud"}, "https://beian.aliyun.com", "", 30,
		"页脚所示增值电信业务经营许可证：浙B2-20080101。", commonMaterials},
	{"腾讯云", []string{"tencent cloud", "qcloud", "DNSPod"}, "https://console.cloud.tencent.com/beian", "95716", 25,
		"备案热线 95716，按 3 转备案。", commonMaterials},
	{"华为云", []string{"huaweicloud"}, "https://console.huaweicloud.com/beian/", "", 10, "", commonMaterials},
	{"百度智能云", []string{"百度云", "BCE"}, "https://console.bce.baidu.com/beian/", "", 5, "", commonMaterials},
	{"京东云", []string{"JD Cloud"}, "https://console.jdcloud.com/beian/", "", 3, "", commonMaterials},
	{"西部数码", []string{"west.cn"}, "https://www.west.cn/manager/beian/", "", 5, "", commonMaterials},
	{"新网", []string{"xinnet"}, "https://beian.xinnet.com", "", 3, "", commonMaterials},
	{"天翼云", []string{"中国电信", "ctyun"}, "https://www.ctyun.cn/console/beian", "", 4, "", commonMaterials},
	{"移动云", []string{"中国移动", "ecloud"}, "https://ecloud.10086.cn/beian", "", 3, "", commonMaterials},
	{"联通云", []string{"中国联通", "沃云"}, "https://www.cucloud.cn/beian", "", 2, "", commonMaterials},
	{"火山引擎", []string{"volcengine"}, "https://console.volcengine.com/beian", "", 4, "", commonMaterials},
	{"UCloud", []string{"优刻得"}, "https://console.ucloud.cn/icp", "", 2, "", commonMaterials},
	{"金山云", []string{"ksyun"}, "https://console.ksyun.com/beian", "", 2, "", commonMaterials},
	{"亚马逊云科技", []string{"AWS China", "光环新网", "西云数据"}, "https://console.amazonaws.cn/icp", "", 1,
		"北京区域由光环新网运营，宁夏区域由西云数据运营（未核实）。CDN 自定义域名也需要备案。", commonMaterials},
	{"Azure China", []string{"世纪互联"}, "https://portal.azure.cn", "", 1,
		"由世纪互联运营（未核实）。", commonMaterials},
}
