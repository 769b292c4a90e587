package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/text/language"

	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
)

// The KP's official languages, in the plenary's order (en, fr, pt, es, ru):
// every fixed text of the pages exists in each (messages), and a request
// picks one by ?lang= or, failing that, its Accept-Language header; English
// when neither names one of them.
var (
	languageNames = []string{"English", "Français", "Português", "Español", "Русский"}
	matcher       = language.NewMatcher([]language.Tag{language.English, language.French, language.Portuguese, language.Spanish, language.Russian})
)

// lang is the language a page is written in.
type lang struct {
	Code string
	i    int
}

// T is a fixed text in the page's language (the key itself when unknown:
// a test checks every key the templates use exists).
func (l lang) T(key string) string {
	if m, ok := messages[key]; ok {
		return m[l.i]
	}
	return key
}

// F is a fixed text with fmt verbs, filled with args.
func (l lang) F(key string, args ...any) string { return fmt.Sprintf(l.T(key), args...) }

// Link is a path of the server (with its query, if any) in the page's
// language.
func (l lang) Link(path string) string {
	if strings.Contains(path, "?") {
		return path + "&lang=" + l.Code
	}
	return path + "?lang=" + l.Code
}

// pickLanguage is ?lang= when it names an official language, else the best
// match of Accept-Language.
func pickLanguage(r *http.Request) lang {
	if code := r.URL.Query().Get("lang"); code != "" {
		for i, c := range plenarytypes.Languages {
			if c == code {
				return lang{c, i}
			}
		}
	}
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return lang{plenarytypes.Languages[0], 0}
	}
	_, i, confidence := matcher.Match(tags...)
	if confidence == language.No {
		i = 0
	}
	return lang{plenarytypes.Languages[i], i}
}

// languageName is an official language's name in itself.
func languageName(code string) string {
	for i, c := range plenarytypes.Languages {
		if c == code {
			return languageNames[i]
		}
	}
	return code
}

// languageLink is the same page in another language.
type languageLink struct {
	Code, Name, URL string
	Current         bool
}

// languageLinks are the page the request asks for, in each language.
func languageLinks(r *http.Request, current lang) []languageLink {
	links := make([]languageLink, len(plenarytypes.Languages))
	for i, code := range plenarytypes.Languages {
		q := url.Values{}
		for k, v := range r.URL.Query() {
			q[k] = v
		}
		q.Set("lang", code)
		links[i] = languageLink{Code: code, Name: languageNames[i], URL: r.URL.Path + "?" + q.Encode(), Current: code == current.Code}
	}
	return links
}
