package web

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/core/format"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

//go:embed templates/*.html static/*
var assets embed.FS

// APIPrefix starts the path of every JSON answer: the page at /X is the JSON
// at /api/v1/X.
const APIPrefix = "/api/v1"

// Config is what a server reads through and how.
type Config struct {
	// Verifier proves every answer: its Node is the node read, its
	// Primary and Witnesses serve the headers.
	Verifier *proof.Verifier
	// Blocks gives the events of new blocks, for the event stream.
	Blocks Blocks
	// Poll is how often the event stream looks for a new block (default 1 s).
	Poll time.Duration
	// Timeout bounds the reads behind one answer (default 30 s).
	Timeout time.Duration
	// Now is the server's clock (the age of the last block).
	Now func() time.Time
}

// Server serves the pages and the JSON API; it only reads.
type Server struct {
	cfg    Config
	reader *reader
	pages  map[string]*template.Template
	mux    *http.ServeMux
}

// New prepares a server.
func New(cfg Config) (*Server, error) {
	if cfg.Verifier == nil || cfg.Blocks == nil {
		return nil, errors.New("web: a server needs a verifier and a source of blocks")
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, reader: &reader{verifier: cfg.Verifier}, pages: pages, mux: http.NewServeMux()}
	s.routes()
	return s, nil
}

// ServeHTTP answers a request. Pages need no script and load nothing from
// elsewhere; the policy says so to the browser.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	s.mux.ServeHTTP(w, r)
}

// view is one kind of answer, served as a page at its path and as JSON at
// APIPrefix + path.
type view struct {
	path, page, title string
	// prepare checks the request and returns what reads its answer.
	prepare func(r *http.Request) (readFunc, error)
}

// readFunc reads an answer in a proof session; found is false when what
// was asked is proved absent.
type readFunc func(ctx context.Context, s *proof.Session) (data any, found bool, err error)

func (s *Server) routes() {
	views := []view{
		{"/certificate", "certificate", "title.certificate", s.certificate},
		{"/certificates/{number}", "certificate", "title.certificate", s.certificate},
		{"/participants", "participants", "title.participants", s.participants},
		{"/participants/{code}", "participant", "title.participant", s.participant},
		{"/monitoring", "monitoring", "title.monitoring", s.monitoring},
		{"/plenary", "plenary", "title.plenary", s.plenary},
		{"/plenary/{id}", "decision", "title.decision", s.decision},
		{"/health", "health", "title.health", s.health},
		{"/statistics", "statistics", "title.statistics", s.statistics},
		{"/statistics/{code}", "participant_statistics", "title.participant_statistics", s.participantStatistics},
	}
	for _, v := range views {
		s.mux.HandleFunc("GET "+v.path, s.handle(v, false))
		s.mux.HandleFunc("GET "+APIPrefix+v.path, s.handle(v, true))
	}
	s.mux.HandleFunc("GET "+APIPrefix+"/events", s.events)
	s.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		l := pickLanguage(r)
		s.respond(w, r, &page{L: l, Title: "title.home", name: "home", Languages: languageLinks(r, l), Status: http.StatusOK}, false)
	})
	static, _ := fs.Sub(assets, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
}

// page is what a template or a JSON answer shows.
type page struct {
	L         lang
	Title     string
	Languages []languageLink
	// Proof is nil on pages that show nothing of the ledger (the home page,
	// a request refused before any read).
	Proof    *Proof
	Status   int
	NotFound bool
	Error    string
	Data     any
	name     string
}

// handle answers a view: the request's checks, a proof session, the read.
// An answer that could not be proved is served without its data, with the
// reason, as 502 Bad Gateway: the node could not show it was telling the
// truth.
func (s *Server) handle(v view, api bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		l := pickLanguage(r)
		p := &page{L: l, Title: v.title, Languages: languageLinks(r, l), name: v.page}
		read, err := v.prepare(r)
		if err != nil {
			p.Status, p.Error = http.StatusBadRequest, err.Error()
			s.respond(w, r, p, api)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
		defer cancel()
		session, err := s.reader.session(ctx)
		var data any
		found := false
		if err == nil {
			data, found, err = read(ctx, session)
		}
		if err != nil {
			failure := failed(err)
			p.Proof, p.Status = &failure, http.StatusBadGateway
			s.respond(w, r, p, api)
			return
		}
		proved := proofOf(session)
		p.Proof, p.Data, p.Status = &proved, data, http.StatusOK
		if !found {
			p.Status, p.NotFound = http.StatusNotFound, true
		}
		s.respond(w, r, p, api)
	}
}

// answer is the JSON of a page: the proof, and the data only when proved.
type answer struct {
	Proof    *Proof `json:"proof,omitempty"`
	NotFound bool   `json:"not_found,omitempty"`
	Error    string `json:"error,omitempty"`
	Data     any    `json:"data,omitempty"`
}

// respond writes a page or its JSON. Whatever the caller put in it, an
// unverified answer goes out without data.
func (s *Server) respond(w http.ResponseWriter, r *http.Request, p *page, api bool) {
	if p.Proof != nil && !p.Proof.Verified {
		p.Data = nil
	}
	if api {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(p.Status)
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(answer{Proof: p.Proof, NotFound: p.NotFound, Error: p.Error, Data: p.Data})
		return
	}
	var buf bytes.Buffer
	if err := s.pages[p.name].ExecuteTemplate(&buf, "layout", p); err != nil {
		http.Error(w, "page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", p.L.Code)
	w.WriteHeader(p.Status)
	_, _ = w.Write(buf.Bytes())
}

// parsePages parses each page with the layout it fills.
func parsePages() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"verdictClass": verdictClass,
		"join":         strings.Join,
		"hundredths":   format.Hundredths,
		"hsCodes":      certtypes.HSCodeText,
		"hsLines":      certtypes.Lines,
		"time":         format.Time,
		"langName":     languageName,
		// Arguments of the partial templates, which see only their dot.
		"partyOf": func(l lang, parties map[string]party, address string) any {
			return struct {
				L       lang
				Parties map[string]party
				Address string
			}{l, parties, address}
		},
		"treeOf": func(l lang, nodes []*lineageNode) any {
			return struct {
				L     lang
				Nodes []*lineageNode
			}{l, nodes}
		},
		"keysOf": func(l lang, keys []keyRow) any {
			return struct {
				L    lang
				Keys []keyRow
			}{l, keys}
		},
		"quartersOf": func(l lang, quarters []quarterView) any {
			return struct {
				L        lang
				Quarters []quarterView
			}{l, quarters}
		},
		"svg":      func(c *chart, l lang) svgChart { return c.layout(l) },
		"add":      func(a, b int) int { return a + b },
		"seq":      func(n int) []int { return make([]int, n) },
		"prevYear": func(y uint32) uint32 { return y - 1 },
		"nextYear": func(y uint32) uint32 { return y + 1 },
	}
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, name := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(name, "templates/"), ".html")
		if base == "layout" || strings.HasPrefix(base, "_") {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/_*.html", name)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		pages[base] = t
	}
	return pages, nil
}

// verdictClass is the colour of a verdict: go, used, or stop.
func verdictClass(verdict string) string {
	switch verdict {
	case VerdictValid, VerdictTransit:
		return "go"
	case VerdictUsed:
		return "used"
	}
	return "stop"
}

func (s *Server) certificate(r *http.Request) (readFunc, error) {
	l, err := parseLookup(r.URL.Query(), r.PathValue("number"))
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, session *proof.Session) (any, bool, error) {
		v, err := readCertificate(ctx, session, s.cfg.Verifier.ChainID, l)
		if err != nil {
			return nil, false, err
		}
		return v, v.Record != nil, nil
	}, nil
}

func (s *Server) participants(*http.Request) (readFunc, error) {
	return func(ctx context.Context, session *proof.Session) (any, bool, error) {
		v, err := readParticipants(ctx, session)
		return v, err == nil, err
	}, nil
}

func (s *Server) participant(r *http.Request) (readFunc, error) {
	code := strings.ToUpper(r.PathValue("code"))
	if err := participanttypes.ValidateParticipantCode(code); err != nil {
		return nil, err
	}
	return func(ctx context.Context, session *proof.Session) (any, bool, error) {
		v, found, err := readParticipant(ctx, session, code)
		if !found {
			return nil, false, err
		}
		return v, true, nil
	}, nil
}

func (s *Server) monitoring(r *http.Request) (readFunc, error) {
	participant := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("participant")))
	if participant != "" {
		if err := participanttypes.ValidateParticipantCode(participant); err != nil {
			return nil, err
		}
	}
	all := r.URL.Query().Get("all") != ""
	return func(ctx context.Context, session *proof.Session) (any, bool, error) {
		v, err := readMonitoring(ctx, session, participant, all)
		return v, err == nil, err
	}, nil
}

func (s *Server) plenary(r *http.Request) (readFunc, error) {
	var before uint64
	if b := r.URL.Query().Get("before"); b != "" {
		var err error
		if before, err = strconv.ParseUint(b, 10, 64); err != nil {
			return nil, fmt.Errorf("before %q: a proposal id", b)
		}
	}
	return func(ctx context.Context, session *proof.Session) (any, bool, error) {
		v, err := readDecisions(ctx, session, before)
		return v, err == nil, err
	}, nil
}

func (s *Server) decision(r *http.Request) (readFunc, error) {
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
	if err != nil || id == 0 {
		return nil, fmt.Errorf("proposal %q: a proposal id", r.PathValue("id"))
	}
	return func(ctx context.Context, session *proof.Session) (any, bool, error) {
		v, found, err := readDecision(ctx, session, id)
		if !found {
			return nil, false, err
		}
		return v, true, nil
	}, nil
}

// year reads ?year= (0 when not given: the year of the proved state).
func year(r *http.Request) (uint32, error) {
	y := r.URL.Query().Get("year")
	if y == "" {
		return 0, nil
	}
	n, err := strconv.ParseUint(y, 10, 32)
	if err != nil || !stattypes.ValidYear(uint32(n)) {
		return 0, fmt.Errorf("year %q: %d to %d", y, stattypes.MinYear, stattypes.MaxYear)
	}
	return uint32(n), nil
}

// yearOf is the year asked, or the year of the session's header.
func yearOf(asked uint32, session *proof.Session) uint32 {
	if asked != 0 {
		return asked
	}
	return uint32(session.Header.Time.UTC().Year())
}

func (s *Server) statistics(r *http.Request) (readFunc, error) {
	asked, err := year(r)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, session *proof.Session) (any, bool, error) {
		v, err := readAnnual(ctx, session, yearOf(asked, session))
		return v, err == nil, err
	}, nil
}

func (s *Server) participantStatistics(r *http.Request) (readFunc, error) {
	code := strings.ToUpper(r.PathValue("code"))
	if err := participanttypes.ValidateParticipantCode(code); err != nil {
		return nil, err
	}
	asked, err := year(r)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, session *proof.Session) (any, bool, error) {
		v, found, err := readParticipantStats(ctx, session, code, yearOf(asked, session))
		if !found {
			return nil, false, err
		}
		return v, true, err
	}, nil
}

func (s *Server) health(*http.Request) (readFunc, error) {
	return func(ctx context.Context, session *proof.Session) (any, bool, error) {
		v, err := readHealth(ctx, session, s.cfg.Verifier.ChainID, s.cfg.Now())
		return v, err == nil, err
	}, nil
}
