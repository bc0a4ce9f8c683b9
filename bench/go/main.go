// The Go peer of bench/run.sh: what Ollama's own CLI does on its run path, and nothing more. It
// POSTs /api/chat with stream on, reads the answer line by line as its api.Client does (a
// bufio.Scanner with a large buffer, one json.Unmarshal per line), and prints each chunk's
// content as it comes. Built in the bench with Debian's golang-go; not part of jollama.
//
//	HOST=127.0.0.1:11434 peer run      the answer of {"model":"llama3.2", "hi"}
//	HOST=127.0.0.1:11434 peer list     the models' names and sizes (GET /api/tags)
//	HOST=127.0.0.1:11434 peer version  the daemon's version (GET /api/version), as `ollama -v` asks it
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatRequest struct {
	Model    string    `json:"model"`
	Messages []message `json:"messages"`
	Stream   bool      `json:"stream"`
}

type chatChunk struct {
	Message message `json:"message"`
	Done    bool    `json:"done"`
	Error   string  `json:"error"`
}

func main() {
	base := "http://" + os.Getenv("HOST")
	what := "run"
	if len(os.Args) > 1 {
		what = os.Args[1]
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	var err error
	switch what {
	case "run":
		err = run(base)
	case "list":
		err = list(base, out)
	case "version":
		err = version(base, out)
	default:
		err = fmt.Errorf("unknown command %q", what)
	}
	if err != nil {
		out.Flush()
		fmt.Fprintln(os.Stderr, "peer:", err)
		os.Exit(1)
	}
}

func run(base string) error {
	body, _ := json.Marshal(chatRequest{Model: "llama3.2", Messages: []message{{Role: "user", Content: "hi"}}, Stream: true})
	resp, err := http.Post(base+"/api/chat", "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	scanner := bufio.NewScanner(resp.Body)
	scanner.Buffer(make([]byte, 0, 512*1024), 8*1024*1024) // as Ollama's api.Client
	for scanner.Scan() {
		var chunk chatChunk
		if err := json.Unmarshal(scanner.Bytes(), &chunk); err != nil {
			return err
		}
		if chunk.Error != "" {
			return fmt.Errorf("%s", chunk.Error)
		}
		// Ollama's CLI prints each chunk as it arrives, unbuffered: one write per chunk.
		os.Stdout.WriteString(chunk.Message.Content)
	}
	os.Stdout.WriteString("\n")
	return scanner.Err()
}

func list(base string, out *bufio.Writer) error {
	resp, err := http.Get(base + "/api/tags")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var tags struct {
		Models []struct {
			Name string `json:"name"`
			Size int64  `json:"size"`
		} `json:"models"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tags); err != nil {
		return err
	}
	for _, m := range tags.Models {
		fmt.Fprintf(out, "%s\t%d\n", m.Name, m.Size)
	}
	return nil
}

func version(base string, out *bufio.Writer) error {
	resp, err := http.Get(base + "/api/version")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var v struct {
		Version string `json:"version"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return err
	}
	fmt.Fprintf(out, "ollama version is %s\n", v.Version)
	return nil
}
