package rewrite

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// benchPage builds a realistic page of about 100 KB: a head with trackers
// and inline scripts (one a large application bundle), an article with lots
// of text and entities, a grid of cards with attributes and SVG icons,
// embeds, a form, comments, and footer pixels.
func benchPage() []byte {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html>
<html lang="en" class="no-js">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Spring Menu &amp; Specials &mdash; Caf&eacute; Example</title>
<meta name="description" content="Our seasonal menu: fresh, local &amp; organic. Book a table today.">
<meta property="og:image" content="https://www.example.com/img/og.jpg">
<link rel="canonical" href="https://www.example.com/menu/spring">
<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>
<link rel="dns-prefetch" href="//connect.facebook.net">
<link rel="stylesheet" href="/assets/css/main.4f3a9c.css" media="all">
<link rel="icon" href="/favicon.ico" sizes="any">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Restaurant","name":"Café Example","servesCuisine":["French","Italian"],"priceRange":"$$","address":{"@type":"PostalAddress","streetAddress":"1 Main St","addressLocality":"Springfield"}}</script>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-ABCDEF1234"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
  gtag('config', 'G-ABCDEF1234', { 'anonymize_ip': true });
</script>
<script>
!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?n.callMethod.apply(n,arguments):n.queue.push(arguments)};
if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;
t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,document,'script','https://connect.facebook.net/en_US/fbevents.js');
fbq('init', '1234567890'); fbq('track', 'PageView');
</script>
<script>
`)
	// An inline application bundle of about 12 KB.
	for i := 0; i < 120; i++ {
		fmt.Fprintf(&b, "  function f%d(a, b) { if (a < b && b > %d) { return document.querySelectorAll('.card[data-id=\"%d\"]'); } return a + b * %d; }\n", i, i, i, i)
	}
	b.WriteString(`</script>
<style>
  :root { --brand: #b4532a; } body > header { display: flex; } .card:hover { transform: scale(1.02); }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 1rem; }
</style>
</head>
<body class="page-menu season-spring" data-layout="wide">
<!-- Header -->
<header class="site-header" role="banner">
  <a class="logo" href="/" aria-label="Café Example home"><svg viewBox="0 0 32 32" width="32" height="32" aria-hidden="true"><title>Logo</title><path d="M16 2a14 14 0 1 0 0 28a14 14 0 0 0 0-28z" fill="currentColor"/></svg></a>
  <nav aria-label="Main"><ul class="menu">
`)
	for i := 0; i < 12; i++ {
		fmt.Fprintf(&b, "    <li class=\"menu-item menu-item-%d\"><a href=\"/section/%d?ref=nav&amp;lang=en\" title=\"Section %d\">Section %d</a></li>\n", i, i, i, i)
	}
	b.WriteString("  </ul></nav>\n</header>\n<main id=\"content\">\n<article class=\"post\">\n<h1>Spring Menu</h1>\n")
	para := `<p>Our kitchen sources vegetables from farms within 50&nbsp;km &mdash; asparagus, peas, wild garlic &amp; morels arrive each morning. ` +
		`The chef&rsquo;s tasting menu (5 courses, &euro;65) changes weekly; ask about <em>wine pairings</em> and <strong>vegetarian</strong> options. ` +
		`Prices include VAT. Children under 12 eat for half price &lt;Mon&ndash;Thu&gt;. See our <a href="/allergens" class="inline-link">allergen guide</a> for details.</p>` + "\n"
	for i := 0; i < 60; i++ {
		b.WriteString(para)
		if i%15 == 7 {
			b.WriteString(`<figure class="embed"><iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0" title="Kitchen tour" frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media" allowfullscreen></iframe><figcaption>A tour of the kitchen</figcaption></figure>` + "\n")
		}
	}
	b.WriteString("</article>\n<section class=\"grid\" aria-label=\"Dishes\">\n")
	for i := 0; i < 110; i++ {
		fmt.Fprintf(&b, `<div class="card dish" data-id="%d" data-price="%d.50" itemscope itemtype="https://schema.org/MenuItem">
  <a href="/dish/%d" class="card-link"><img src="/img/dish-%d.jpg" srcset="/img/dish-%d@2x.jpg 2x, /img/dish-%d@3x.jpg 3x" alt="Dish %d" width="240" height="160" loading="lazy" decoding="async"></a>
  <h3 itemprop="name">Dish n&deg;%d</h3><span class="price">&euro;%d.50</span>
  <button class="btn fav" type="button" aria-pressed="false" onclick="fav(%d)"><svg class="icon" viewBox="0 0 24 24" width="16" height="16"><path d="M12 21l-1.4-1.3C5.4 15 2 12 2 8.5 2 5.4 4.4 3 7.5 3c1.7 0 3.4.8 4.5 2.1C13.1 3.8 14.8 3 16.5 3 19.6 3 22 5.4 22 8.5c0 3.5-3.4 6.5-8.6 11.2L12 21z"/></svg></button>
</div>
`, i, 10+i%20, i, i, i, i, i, i, 10+i%20, i)
	}
	b.WriteString(`</section>
<form class="booking" action="/book" method="post">
  <label for="d">Date</label> <input id="d" type="date" name="date" required>
  <label for="n">Guests</label> <select id="n" name="n"><option>1</option><option selected>2</option><option>3</option><option>4</option></select>
  <textarea name="notes" rows="3" placeholder="Allergies, <special> requests"></textarea>
  <button type="submit" class="btn primary">Book</button>
</form>
<img src="https://www.facebook.com/tr?id=1234567890&amp;ev=PageView&amp;noscript=1" height="1" width="1" style="display:none" alt="">
</main>
<footer class="site-footer">
  <p>&copy; 2025 Caf&eacute; Example &middot; <a href="/privacy">Privacy</a> &middot; <a href="/privacy-choices">Your Privacy Choices</a></p>
  <noscript><img height="1" width="1" style="display:none" src="https://www.facebook.com/tr?id=1234567890&ev=PageView&noscript=1"/></noscript>
  <noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-ABC123" height="0" width="0" style="display:none;visibility:hidden"></iframe></noscript>
  <script src="/assets/js/app.9c1e2f.js" defer></script>
  <script src="https://platform.twitter.com/widgets.js" async charset="utf-8"></script>
</footer>
</body>
</html>
`)
	return []byte(b.String())
}

// bigPage repeats the realistic page to at least n bytes.
func bigPage(n int) []byte {
	p := benchPage()
	return bytes.Repeat(p, (n+len(p)-1)/len(p))
}

func benchOptions() *Options {
	o := testOptions()
	o.Insert = []byte(`<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('consent','default',{ad_storage:'denied',analytics_storage:'denied'})</script><script src="/privacy-choices/consent.js" defer></script>`)
	return o
}

// streamThrough writes page to w in 32 KiB chunks, as reverse_proxy does.
func streamThrough(w *Writer, page []byte) {
	for len(page) > 0 {
		n := min(len(page), 32<<10)
		w.Write(page[:n])
		page = page[n:]
	}
	w.Close()
}

func benchmarkRewrite(b *testing.B, page []byte, o *Options) {
	w := NewWriter(io.Discard, o)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.Reset(io.Discard, o)
		streamThrough(w, page)
	}
}

// BenchmarkRewrite rewrites the ~1 MB page with the product defaults
// (trackers neutralized, insertion) through a reused Writer.
func BenchmarkRewrite(b *testing.B) { benchmarkRewrite(b, bigPage(1<<20), benchOptions()) }

// BenchmarkRewrite100K is one ~100 KB page, for allocations per page.
func BenchmarkRewrite100K(b *testing.B) { benchmarkRewrite(b, benchPage(), benchOptions()) }

// BenchmarkRewriteIdentity scans the ~1 MB page with nothing to do.
func BenchmarkRewriteIdentity(b *testing.B) {
	benchmarkRewrite(b, bigPage(1<<20), &Options{PageURL: mustURL("https://www.example.com/")})
}

// BenchmarkXNetTokenizerRaw is the raw x/net/html tokenizer pass (Next only)
// over the same ~1 MB page: the baseline of the budget.
func BenchmarkXNetTokenizerRaw(b *testing.B) {
	page := bigPage(1 << 20)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		z := html.NewTokenizer(bytes.NewReader(page))
		for z.Next() != html.ErrorToken {
		}
	}
}

// BenchmarkXNetTokenizerAttrs reads every tag name and attribute too.
func BenchmarkXNetTokenizerAttrs(b *testing.B) {
	page := bigPage(1 << 20)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		z := html.NewTokenizer(bytes.NewReader(page))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
				_, more := z.TagName()
				for more {
					_, _, more = z.TagAttr()
				}
			}
		}
	}
}

// TestMemoryBounded streams a 10 MB page through a fresh Writer in 32 KiB
// chunks and checks that the memory it uses does not grow with the page:
// bytes allocated in all, and the peak of heap in use (sampled every 16
// chunks) above what it was before.
func TestMemoryBounded(t *testing.T) {
	page := bigPage(10 << 20)
	var before, m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	w := NewWriter(io.Discard, benchOptions())
	var peak uint64
	for i, p := 0, page; len(p) > 0; i++ {
		n := min(len(p), 32<<10)
		w.Write(p[:n])
		p = p[n:]
		if i%16 == 0 {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > before.HeapInuse && m.HeapInuse-before.HeapInuse > peak {
				peak = m.HeapInuse - before.HeapInuse
			}
		}
	}
	w.Close()
	runtime.ReadMemStats(&m)
	total := m.TotalAlloc - before.TotalAlloc
	t.Logf("%d-byte page: %d bytes allocated (%d mallocs), peak heap in use +%d bytes",
		len(page), total, m.Mallocs-before.Mallocs, peak)
	if total > 2<<20 || peak > 4<<20 {
		t.Errorf("streaming %d bytes allocated %d bytes, peak heap +%d: not bounded", len(page), total, peak)
	}
}

// BenchmarkRatio alternates the rewriter (product defaults: the test
// classifier, BlockUnknown, Insert) and the raw x/net/html tokenizer over
// the ~1 MB page and reports the ratio of their best times
// (x-faster-than-xnet), which a shared machine disturbs less than separate
// runs. The budget is 4.
func BenchmarkRatio(b *testing.B) { benchmarkRatio(b, benchOptions()) }

// BenchmarkRatioScan is BenchmarkRatio with nothing to classify (no
// classifier, unknown tags allowed): the scanner's own cost.
func BenchmarkRatioScan(b *testing.B) {
	benchmarkRatio(b, &Options{PageURL: mustURL("https://www.example.com/"), Insert: benchOptions().Insert})
}

func benchmarkRatio(b *testing.B, o *Options) {
	page := bigPage(1 << 20)
	w := NewWriter(io.Discard, o)
	best := func(cur *time.Duration, start time.Time) {
		if d := time.Since(start); *cur == 0 || d < *cur {
			*cur = d
		}
	}
	var rw, xn time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		w.Reset(io.Discard, o)
		streamThrough(w, page)
		best(&rw, t0)
		t0 = time.Now()
		z := html.NewTokenizer(bytes.NewReader(page))
		for z.Next() != html.ErrorToken {
		}
		best(&xn, t0)
	}
	mb := float64(len(page)) / 1e6
	b.ReportMetric(mb/rw.Seconds(), "rewrite-MB/s")
	b.ReportMetric(mb/xn.Seconds(), "xnet-MB/s")
	b.ReportMetric(float64(xn)/float64(rw), "x-faster-than-xnet")
}

// freeClassifier classifies nothing, at no cost.
type freeClassifier struct{}

func (freeClassifier) ClassifyURL(*url.URL) Verdict                { return Verdict{} }
func (freeClassifier) ClassifyInlineScript([]byte) (Verdict, bool) { return Verdict{}, false }

// BenchmarkRatioFreeClassifier is BenchmarkRatio with a classifier that
// costs nothing: the rewriter's own cost with every URL resolved and every
// inline script held and classified.
func BenchmarkRatioFreeClassifier(b *testing.B) {
	o := benchOptions()
	o.Classifier = freeClassifier{}
	benchmarkRatio(b, o)
}
