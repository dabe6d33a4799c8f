package gui

import (
	"encoding/json"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"beianledger/app/i18n"
)

// The toolkit's own words — the file dialog's buttons, an entry's
// Cut/Copy/Paste menu, the weekday names — follow the system's locale,
// not the language chosen in Settings: on an English Windows set to
// Chinese they were English. setToolkitLang gives them the interface
// language by registering its words under every locale the toolkit can
// pick (a later registration replaces the words of an earlier one).

// toolkitLocales are the locales the toolkit ships words for; the system's
// locale is matched against them.
var toolkitLocales = []fyne.Locale{"en", "cs", "de", "el", "es", "fr", "ja", "pl", "pt", "pt-BR", "ru", "sv", "ta", "uk", "zh-Hans"}

// toolkitWords are the toolkit's words in each interface language.
var toolkitWords = map[i18n.Lang]map[string]any{
	i18n.ZH: {
		"Advanced": "高级", "Cancel": "取消", "Confirm": "确认", "Copy": "复制",
		"Create Folder": "新建文件夹", "Cut": "剪切", "Enter filename": "输入文件名",
		"Error": "错误", "Favourites": "收藏", "File": "文件", "Folder": "文件夹",
		"New Folder": "新建文件夹", "No": "否", "OK": "确定", "Open": "打开",
		"Paste": "粘贴", "Quit": "退出", "Redo": "重做", "Save": "保存",
		"Select all": "全选", "Show Hidden Files": "显示隐藏文件", "Undo": "撤销",
		"Yes": "是", "(Parent)": "(上一级)",
		"file.name":   map[string]string{"other": "名称"},
		"file.parent": map[string]string{"other": "上一级"},
		"monday":      "星期一", "monday.short": "周一", "tuesday": "星期二", "tuesday.short": "周二",
		"wednesday": "星期三", "wednesday.short": "周三", "thursday": "星期四", "thursday.short": "周四",
		"friday": "星期五", "friday.short": "周五", "saturday": "星期六", "saturday.short": "周六",
		"sunday": "星期日", "sunday.short": "周日",
	},
	i18n.EN: {
		"Advanced": "Advanced", "Cancel": "Cancel", "Confirm": "Confirm", "Copy": "Copy",
		"Create Folder": "Create Folder", "Cut": "Cut", "Enter filename": "Enter filename",
		"Error": "Error", "Favourites": "Favourites", "File": "File", "Folder": "Folder",
		"New Folder": "New Folder", "No": "No", "OK": "OK", "Open": "Open",
		"Paste": "Paste", "Quit": "Quit", "Redo": "Redo", "Save": "Save",
		"Select all": "Select all", "Show Hidden Files": "Show Hidden Files", "Undo": "Undo",
		"Yes": "Yes", "(Parent)": "(Parent)",
		"file.name":   map[string]string{"other": "Name"},
		"file.parent": map[string]string{"other": "Parent"},
		"monday":      "Monday", "monday.short": "Mon", "tuesday": "Tuesday", "tuesday.short": "Tue",
		"wednesday": "Wednesday", "wednesday.short": "Wed", "thursday": "Thursday", "thursday.short": "Thu",
		"friday": "Friday", "friday.short": "Fri", "saturday": "Saturday", "saturday.short": "Sat",
		"sunday": "Sunday", "sunday.short": "Sun",
	},
}

// toolkitLang is the language last given to the toolkit ("" before the
// first call): registering again for the same language adds nothing.
var toolkitLang struct {
	sync.Mutex
	l i18n.Lang
}

// setToolkitLang gives the toolkit's words the interface language l.
func setToolkitLang(l i18n.Lang) {
	toolkitLang.Lock()
	defer toolkitLang.Unlock()
	if l == toolkitLang.l {
		return
	}
	words, ok := toolkitWords[l]
	if !ok {
		return
	}
	data, err := json.Marshal(words)
	if err != nil {
		fyne.LogError("toolkit words", err)
		return
	}
	for _, loc := range toolkitLocales {
		if err := lang.AddTranslationsForLocale(data, loc); err != nil {
			fyne.LogError("toolkit words for "+string(loc), err)
		}
	}
	toolkitLang.l = l
}

// placeNames are the file dialog's favourite places, which the toolkit
// names in English whatever the language.
var placeNames = map[string][2]string{ // English name: zh, en
	"Home":      {"主文件夹", "Home"},
	"Computer":  {"计算机", "Computer"},
	"Documents": {"文档", "Documents"},
	"Desktop":   {"桌面", "Desktop"},
	"Downloads": {"下载", "Downloads"},
	"Music":     {"音乐", "Music"},
	"Pictures":  {"图片", "Pictures"},
	"Videos":    {"视频", "Videos"},
	"App Files": {"应用文件", "App Files"},
}

// placeName is the favourite place name in l ("" when it is not one).
func placeName(l i18n.Lang, name string) string {
	n, ok := placeNames[strings.TrimSpace(name)]
	if !ok {
		return ""
	}
	if l == i18n.ZH {
		return n[0]
	}
	return n[1]
}
