module jollama.dev/bench/peer

go 1.19
