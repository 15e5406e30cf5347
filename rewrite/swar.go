package rewrite

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// The text between two tags is short on most pages (half the runs are
// under 8 bytes), and so are attribute values: there the call and setup of
// bytes.IndexByte cost more than the search. indexByte looks at the first
// 32 bytes eight at a time (SWAR) before handing longer runs to it.
const (
	swarOnes = 0x0101010101010101
	swarHigh = 0x8080808080808080
)

// indexByte is bytes.IndexByte, faster for matches in the first bytes.
func indexByte(b []byte, c byte) int {
	rep := swarOnes * uint64(c)
	i := 0
	for ; i+8 <= len(b) && i < 32; i += 8 {
		x := binary.LittleEndian.Uint64(b[i:]) ^ rep
		// A zero byte of x is a match; only bits above the first zero
		// byte can be wrong, so the lowest one found is exact.
		if t := (x - swarOnes) &^ x & swarHigh; t != 0 {
			return i + bits.TrailingZeros64(t)>>3
		}
	}
	if j := bytes.IndexByte(b[i:], c); j >= 0 {
		return i + j
	}
	return -1
}
