// Package integration tests the real gateway: a Caddy binary built from
// cmd/caddy, started with a Caddyfile in front of real upstreams on
// loopback, checked with real HTTP requests and real curl.
package integration

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// caddyBin is the binary built once for the whole package.
var caddyBin string

// repoRoot is the module root (the parent of this directory).
var repoRoot string

func TestMain(m *testing.M) {
	_, file, _, _ := runtime.Caller(0)
	repoRoot = filepath.Dir(filepath.Dir(file))
	dir, err := os.MkdirTemp("", "caddy-consent-it-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	caddyBin = filepath.Join(dir, "caddy")
	build := exec.Command("go", "build", "-o", caddyBin, "./cmd/caddy")
	build.Dir = repoRoot
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building cmd/caddy:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// freePort returns a free TCP port on 127.0.0.1.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// gateway is a running Caddy process.
type gateway struct {
	t       testing.TB
	cmd     *exec.Cmd
	URL     string // http://127.0.0.1:PORT
	Port    int
	Admin   string // 127.0.0.1:PORT
	DataDir string
	logs    *bytes.Buffer
	file    string
}

// caddyfileHeader is the global block every test config starts with.
func globalBlock(admin, dataDir, extra string) string {
	return fmt.Sprintf(`{
	admin %s
	persist_config off
	storage file_system %s
	skip_install_trust
	auto_https off
	servers {
		# Caddy's default is 16 KiB; tests send thousands of cookies.
		max_header_size 1MB
	}
%s}
`, admin, dataDir, extra)
}

// startGateway writes the Caddyfile body (sites only; %[1]d is replaced by
// the gateway port) after a global block, starts caddy run and waits until
// the gateway port answers. dataDir may be "" for a fresh one.
func startGateway(t testing.TB, sites string, dataDir string) *gateway {
	t.Helper()
	return startGatewayWith(t, "", sites, dataDir)
}

// startGatewayWith is startGateway with more global options.
func startGatewayWith(t testing.TB, globalOptions, sites, dataDir string) *gateway {
	t.Helper()
	if dataDir == "" {
		dataDir = t.TempDir()
	}
	g := &gateway{t: t, Port: freePort(t), Admin: fmt.Sprintf("127.0.0.1:%d", freePort(t)), DataDir: dataDir, logs: new(bytes.Buffer)}
	g.URL = fmt.Sprintf("http://127.0.0.1:%d", g.Port)
	body := globalBlock(g.Admin, dataDir, globalOptions) + strings.ReplaceAll(sites, "{GATEWAY_PORT}", fmt.Sprint(g.Port))
	g.file = filepath.Join(t.TempDir(), "Caddyfile")
	if err := os.WriteFile(g.file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	g.cmd = exec.Command(caddyBin, "run", "--config", g.file, "--adapter", "caddyfile")
	g.cmd.Dir = repoRoot
	g.cmd.Env = append(os.Environ(), "XDG_DATA_HOME="+dataDir, "XDG_CONFIG_HOME="+dataDir)
	g.cmd.Stdout, g.cmd.Stderr = g.logs, g.logs
	if err := g.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.stop)
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", g.Port), 200*time.Millisecond)
		if err == nil {
			c.Close()
			return g
		}
		if time.Now().After(deadline) || g.cmd.ProcessState != nil {
			g.stop()
			t.Fatalf("gateway did not start: %v\n%s", err, g.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop ends the process (SIGTERM, then SIGKILL after 5 s).
func (g *gateway) stop() {
	if g.cmd == nil || g.cmd.Process == nil || g.cmd.ProcessState != nil {
		return
	}
	_ = g.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = g.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = g.cmd.Process.Kill()
		<-done
	}
	if tt, ok := g.t.(*testing.T); ok && tt.Failed() {
		tt.Logf("caddy logs:\n%s", g.logs)
	}
}

// Logs returns what the process printed so far.
func (g *gateway) Logs() string { return g.logs.String() }

// client never follows redirects and keeps no cookies: tests set the
// Cookie header themselves.
var client = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Transport:     &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 16},
}

// request sends a request with optional headers ("Name: value" pairs).
func request(t testing.TB, method, url string, body string, headers ...string) (*http.Response, string) {
	t.Helper()
	var rd *strings.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var req *http.Request
	var err error
	if rd != nil {
		req, err = http.NewRequestWithContext(ctx, method, url, rd)
	} else {
		req, err = http.NewRequestWithContext(ctx, method, url, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		t.Fatalf("%s %s: reading body: %v", method, url, err)
	}
	return resp, buf.String()
}
