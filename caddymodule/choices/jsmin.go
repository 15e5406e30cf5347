package choices

import "bytes"

// shrinkJS makes a script written in this package's style smaller for
// inlining: it drops indentation, blank lines and the lines that are only
// a "//" comment. It keeps everything else as written, so it is safe for
// scripts whose strings and regular expressions never start a line with
// "//" (TestGuardShrinks runs the result).
func shrinkJS(src []byte) []byte {
	var out bytes.Buffer
	for _, line := range bytes.Split(src, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || bytes.HasPrefix(line, []byte("//")) {
			continue
		}
		out.Write(line)
		out.WriteByte('\n')
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n"))
}
