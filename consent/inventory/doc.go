// Package inventory keeps what a site was seen to use: the cookies its
// upstream set and the third-party hosts its pages embedded, each with its
// classification and when it was first and last seen, bounded in size.
package inventory
