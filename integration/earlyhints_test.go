package integration

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/textproto"
	"strings"
	"testing"
)

func TestEarlyHintsLinksToBlockedHostsRemoved(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Link", "<https://connect.facebook.net/en_US/fbevents.js>; rel=preload; as=script")
		w.Header().Add("Link", "</assets/site.css>; rel=preload; as=style")
		w.Header().Add("Set-Cookie", "_fbp=early; Path=/")
		w.WriteHeader(http.StatusEarlyHints)
		w.Header().Del("Set-Cookie")
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(200)
		w.Write([]byte("<!doctype html><html><head></head><body>hi</body></html>"))
	})
	up := httptest.NewServer(mux)
	t.Cleanup(up.Close)
	g := startGateway(t, consentSite(up.URL, testKeys), "")

	var hints []textproto.MIMEHeader
	trace := &httptrace.ClientTrace{Got1xxResponse: func(code int, h textproto.MIMEHeader) error {
		if code == http.StatusEarlyHints {
			hints = append(hints, h)
		}
		return nil
	}}
	req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "GET", g.URL+"/", nil)
	req.Header.Set("Accept", "text/html")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(hints) != 1 {
		t.Fatalf("got %d early hints responses", len(hints))
	}
	links := strings.Join(hints[0].Values("Link"), ", ")
	if strings.Contains(links, "facebook") || !strings.Contains(links, "/assets/site.css") {
		t.Errorf("103 Link = %q", links)
	}
	if c := strings.Join(hints[0].Values("Set-Cookie"), ", "); strings.Contains(c, "_fbp") {
		t.Errorf("103 Set-Cookie = %q", c)
	}
}
