# gnuplot -e "out='docs/query-speed.png'; dat='bench/out/query/query-plot.dat'" bench/query/plot.gp
set terminal pngcairo size 1000,420 font "sans,10"
set output out
set multiplot layout 1,2
set style data linespoints
set xlabel "articles"
set key top right
set ylabel "queries/s (1 thread, top 10 + snippet)"
set title "Throughput"
plot dat using 0:2:xtic(1) title "Byline", '' using 0:4 title "raw Xapian", \
     '' using 0:6 title "raw Xapian, flags=0", '' using 0:8 title "SQLite FTS5", \
     '' using 0:10 title "raw, flags=0, Byline's index" dashtype 2
set ylabel "p99 latency (ms)"
set title "p99 latency"
set logscale y
plot dat using 0:3:xtic(1) title "Byline", '' using 0:5 title "raw Xapian", \
     '' using 0:7 title "raw Xapian, flags=0", '' using 0:9 title "SQLite FTS5", \
     '' using 0:11 title "raw, flags=0, Byline's index" dashtype 2
unset multiplot
