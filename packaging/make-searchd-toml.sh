#!/bin/sh
# Writes /etc/byline/searchd.toml from `byline-searchd --help`, so the file
# names every option the program has, each commented out with its default
# and its help text. Only `index` and `state-dir` are set: the package's
# places for them.
#
#   packaging/make-searchd-toml.sh BYLINE_SEARCHD OUT
set -eu
searchd="$1"
out="$2"
"$searchd" --help >"$out.help"
{
  cat <<'HEAD'
# byline-searchd's configuration, read by byline-searchd.service
# (byline-searchd --config /etc/byline/searchd.toml). Every option of
# `byline-searchd --help` is here, commented out with its default: remove the
# "# " in front of a key to set it. Keys are the long options without the
# dashes; a flag given on the command line or a BYLINE_* variable beats this
# file. After a change: systemctl restart byline-searchd.

HEAD
  awk '
    function flush() {
      if (name == "") return
      print "# " help (list ? " (a list; none by default)" : "")
      if (name == "index") {
        print "index = \"/var/lib/byline/index\""
      } else if (name == "state-dir") {
        print "state-dir = \"/var/lib/byline/state\""
      } else {
        print "# " name " = " value
      }
      print ""
      name = ""
      list = 0
    }
    # An option line: "  --name TYPE=default ... (Env:BYLINE_X)", its help on
    # the next line (indented further) or after the spaces on the same line.
    /^  --[a-z]/ {
      flush()
      line = $0
      sub(/^  --/, "", line)
      name = line; sub(/[ ].*$/, "", name)
      rest = substr(line, length(name) + 1)
      sub(/^ /, "", rest)
      spec = rest; sub(/ \(Env:[A-Z_]+\).*$/, "", spec)
      help = ""
      if (match(rest, /\(Env:[A-Z_]+\) +[^ ]/)) help = substr(rest, RSTART + RLENGTH - 1)
      if (name == "help" || name == "version" || name == "config") { name = ""; next }
      if (spec == "" || spec ~ /^\(Env/) { value = "false"; next }   # a flag
      type = spec; sub(/[:= ].*$/, "", type)
      def = ""
      if (index(spec, "=") > 0) { def = substr(spec, index(spec, "=") + 1); sub(/ \.\.\.$/, "", def) }
      if (spec ~ / \.\.\.$/) {   # a list, none by default
        value = "[\"A\", \"B\"]"; list = 1; next
      }
      if (type == "TEXT") { gsub(/"/, "\\\"", def); value = "\"" def "\"" }
      else value = (def == "" ? "0" : def)
      next
    }
    /^      +[^ ]/ && name != "" && help == "" { help = $0; sub(/^ +/, "", help); next }
    /^[^ ]/ { flush() }
    END { flush() }
  ' "$out.help"
} >"$out.tmp"
rm -f "$out.help"
mv "$out.tmp" "$out"
