#!/usr/bin/env bash
# Measures the full load with each of the client's page readers, in rounds
# that rotate their order, one "sensu-tui bench --json" per reader and round,
# each line prefixed with the round, the reader and the load average.
# DECODERS="scanner jsontext" measures only those.
#
#	bench/compare-decoders.sh 7 --demo-events 10000 --page-latency 20ms --runs 5
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:?usage: bench/compare-decoders.sh ROUNDS [sensu-tui bench flags]}
shift
bin=$(mktemp -d)/sensu-tui
trap 'rm -r "$(dirname "$bin")"' EXIT
go build -o "$bin" .
read -ra decoders <<<"${DECODERS:-scanner jsontext fastjson}"
for ((r = 0; r < rounds; r++)); do
	for ((i = 0; i < ${#decoders[@]}; i++)); do
		d=${decoders[(r + i) % ${#decoders[@]}]}
		printf 'round=%d decoder=%s load=%s ' "$r" "$d" "$(cut -d' ' -f1 /proc/loadavg)"
		SENSU_TUI_SUMMARY_DECODER=$d "$bin" bench --json "$@"
	done
done
