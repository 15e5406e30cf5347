package choices

import (
	"encoding/json"
	"testing"
)

func TestASCIIHTML(t *testing.T) {
	for in, want := range map[string]string{"Allow": "Allow", "está <b>": "est&#xe1; &lt;b&gt;"} {
		if got := asciiHTML(in); got != want {
			t.Errorf("asciiHTML(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestASCIIJSON(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "Accept all", `"Accept all"`},
		{"Latin-1", "tecnologías", `"tecnolog\u00edas"`},
		{"markup stays escaped", "<é>&", `"\u003c\u00e9\u003e\u0026"`},
		{"beyond the BMP", "😀", `"\ud83d\ude00"`},
		{"line separator", "a\u2028b", `"a\u2028b"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			js, err := json.Marshal(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			got := asciiJSON(js)
			if string(got) != tc.want {
				t.Errorf("asciiJSON(%s) = %s, want %s", js, got, tc.want)
			}
			var back string
			if err := json.Unmarshal(got, &back); err != nil || back != tc.in {
				t.Errorf("it decodes to %q (%v), not %q", back, err, tc.in)
			}
		})
	}
}
