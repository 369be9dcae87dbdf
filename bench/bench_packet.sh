# bench_packet.sh: the packet map's label placement.  Sourced by
# bench/run.sh (`make bench BENCH=packet`) with a private cluster running
# and "${PSQL[@]}" set.
#
# 1. bench/packet_labels.c: CPU time of core/labels.c alone, stops spread
#    over the map or all at one point, 48 to 100,000 stops.
# 2. The whole canvass.turf_packet call on the same kinds of input (wall
#    time from psql's \timing, best of three), to show the placement's share.

log "packet: label placement alone"
${CC:-cc} -O2 -Isrc -Ibench -o "$tmp/packet_labels" bench/packet_labels.c src/core/labels.c -lm
"$tmp/packet_labels"

log "packet: the whole turf_packet call"
echo "stops,layout,best_wall_ms"
for n in 48 500 5000 100000; do
    for layout in spread "one point"; do
        if [ "$layout" = spread ]; then
            pt="ST_MakePoint(30 + 940 * ((i::bigint * 7919) % 1000) / 1000.0, 30 + 940 * ((i::bigint * 104729) % 997) / 997.0)"
        else
            pt="ST_MakePoint(7, 7)"
        fi
        best=$(for rep in 1 2 3; do
            "${PSQL[@]}" -c '\timing on' -c "SELECT length(canvass.turf_packet('t', NULL, array_agg(i ORDER BY i), array_agg($pt ORDER BY i))) FROM generate_series(1, $n) i" |
                sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p'
        done | sort -n | head -1)
        echo "$n,$layout,$best"
    done
done
