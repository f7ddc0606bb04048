// Reads an agency's log from the export's C2SP tlog-tiles with Go's
// golang.org/x/mod/sumdb/tlog and sumdb/note only (no code of this
// project): opens the checkpoint under the agency's key, proves every
// manifest in the entry bundles included in it, and proves the newer
// export's log consistent with the older one's.
//
//	go run verify.go OLD_LOG_DIR NEW_LOG_DIR AGENCY_VKEY_FILE
package main

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type tileDir string

func (d tileDir) Height() int { return 8 }

// C2SP paths drop Go's height element: tile/<L>/<N>[.p/<W>].
func (d tileDir) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		p := "tile/" + strings.TrimPrefix(t.Path(), "tile/8/")
		data, err := os.ReadFile(filepath.Join(string(d), p))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (d tileDir) SaveTiles([]tlog.Tile, [][]byte) {}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

// The checkpoint of a log folder, opened under the agency's key.
func checkpoint(dir string, verifier note.Verifier) tlog.Tree {
	msg, err := os.ReadFile(filepath.Join(dir, "checkpoint"))
	if err != nil {
		fail("%v", err)
	}
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint of %s: %v", dir, err)
	}
	lines := strings.Split(n.Text, "\n")
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("checkpoint size: %v", err)
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		fail("checkpoint root: %v", err)
	}
	var h tlog.Hash
	copy(h[:], raw)
	return tlog.Tree{N: size, Hash: h}
}

// Leaf i from the entry bundles (uint16 big-endian length prefixes).
func entry(dir string, size, i int64) []byte {
	t := tlog.Tile{H: 8, L: 0, N: i / 256, W: 256}
	if rest := size - t.N*256; rest < 256 {
		t.W = int(rest)
	}
	p := "tile/entries/" + strings.TrimPrefix(t.Path(), "tile/8/0/")
	data, err := os.ReadFile(filepath.Join(dir, p))
	if err != nil {
		fail("%v", err)
	}
	for k := int64(0); ; k++ {
		if len(data) < 2 {
			fail("entry bundle %s ends early", p)
		}
		n := int(data[0])<<8 | int(data[1])
		if k == i%256 {
			return data[2 : 2+n]
		}
		data = data[2+n:]
	}
}

func main() {
	if len(os.Args) != 4 {
		fail("usage: verify.go OLD_LOG_DIR NEW_LOG_DIR AGENCY_VKEY_FILE")
	}
	vkey, err := os.ReadFile(os.Args[3])
	if err != nil {
		fail("%v", err)
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		fail("vkey: %v", err)
	}
	oldTree := checkpoint(os.Args[1], verifier)
	newTree := checkpoint(os.Args[2], verifier)
	reader := tlog.TileHashReader(newTree, tileDir(os.Args[2]))
	for i := int64(0); i < newTree.N; i++ {
		proof, err := tlog.ProveRecord(newTree.N, i, reader)
		if err != nil {
			fail("proving manifest %d: %v", i, err)
		}
		leaf := tlog.RecordHash(entry(os.Args[2], newTree.N, i))
		if err := tlog.CheckRecord(proof, newTree.N, newTree.Hash, i, leaf); err != nil {
			fail("manifest %d is not in the checkpoint: %v", i, err)
		}
	}
	fmt.Printf("inclusion: all %d manifests are in the checkpoint\n", newTree.N)
	proof, err := tlog.ProveTree(newTree.N, oldTree.N, reader)
	if err != nil {
		fail("consistency proof: %v", err)
	}
	if err := tlog.CheckTree(proof, newTree.N, newTree.Hash, oldTree.N, oldTree.Hash); err != nil {
		fail("the newer log does not extend the older one: %v", err)
	}
	fmt.Printf("consistency: size %d extends size %d\n", newTree.N, oldTree.N)
}
