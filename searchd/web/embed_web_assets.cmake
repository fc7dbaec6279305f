# Turns the files of searchd/web/ into one C++ source of byte arrays, so
# byline-searchd serves its page with no files beside it. Run at build time:
#
#   cmake -DWEB_DIR=searchd/web [-DOPENAPI_JSON=build/.../openapi.json] \
#         -DOUT=build/.../web_assets_data.cc -P embed_web_assets.cmake
#
# app.js and style.css are served under fingerprinted names
# (/assets/app.<hash>.js) so browsers may cache them for a year; index.html
# names them through {{asset:app.js}} placeholders, filled in here.

# Emits one asset: a byte array plus its row in the table.
function(byline_embed name path content_type cache_control file)
  file(READ "${file}" hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  file(SHA256 "${file}" digest)
  string(SUBSTRING "${digest}" 0 20 etag)
  set(arrays "${arrays}const unsigned char k${name}[] = {\n    ${bytes}0x00};\n" PARENT_SCOPE)
  set(rows "${rows}    {\"${path}\", \"${content_type}\", \"${cache_control}\", k${name}, ${size}, \"W/\\\"${etag}\\\"\"},\n" PARENT_SCOPE)
endfunction()

# The fingerprinted name of a file: app.js -> app.1a2b3c4d5e.js
function(byline_fingerprint file path out_var)
  file(SHA256 "${path}" digest)
  string(SUBSTRING "${digest}" 0 10 short)
  string(REGEX REPLACE "^(.*)\\.([a-z]+)$" "\\1.${short}.\\2" named "${file}")
  set(${out_var} "${named}" PARENT_SCOPE)
endfunction()

# Leaves out what a browser does not need of the page's JS and CSS: lines
# that are only a // comment, /* */ comments (CSS only: a JS string may hold
# "/*"), and the indentation (the sources keep no string or template literal
# across lines), so the page stays in its weight budget however much it
# explains itself.
function(byline_compact text_var)
  set(text "${${text_var}}")
  if(ARGV1 STREQUAL "css")
    string(REGEX REPLACE "/\\*([^*]|\\*+[^*/])*\\*+/" "" text "${text}")
  endif()
  string(REGEX REPLACE "\n[ \t]*//[^\n]*" "" text "${text}")
  string(REGEX REPLACE "\n[ \t]+" "\n" text "${text}")
  string(REGEX REPLACE "\n\n+" "\n" text "${text}")
  set(${text_var} "${text}" PARENT_SCOPE)
endfunction()

# Writes WEB_DIR/FILE to OUT_DIR/FILE with every "// {{include:NAME}}" line
# replaced by the file NAME of WEB_DIR (code the page and the widget share,
# put inside their closures), and sets OUT_VAR to the written path.
function(byline_fill_includes file out_dir out_var)
  file(READ "${WEB_DIR}/${file}" text)
  string(REGEX MATCHALL "// {{include:[a-z_]+\\.js}}" markers "${text}")
  foreach(marker IN LISTS markers)
    string(REGEX REPLACE "^// {{include:(.*)}}$" "\\1" name "${marker}")
    if(NOT EXISTS "${WEB_DIR}/${name}")
      message(FATAL_ERROR "${file} includes ${name}, which searchd/web/ does not have")
    endif()
    file(READ "${WEB_DIR}/${name}" included)
    string(REPLACE "${marker}" "${included}" text "${text}")
  endforeach()
  byline_compact(text)
  file(WRITE "${out_dir}/${file}" "${text}")
  set(${out_var} "${out_dir}/${file}" PARENT_SCOPE)
endfunction()

get_filename_component(out_dir "${OUT}" DIRECTORY)
set(arrays "")
set(rows "")
set(kImmutable "public, max-age=31536000, immutable")
# Fixed URLs that other sites embed: short cache, revalidated by ETag.
set(kShortCache "public, max-age=300")

# Embeds a page's script and stylesheets under fingerprinted names, and
# names them in the page's text (the variable PAGE_VAR) in place of their
# {{asset:FILE}} placeholders. A macro: byline_embed's rows reach the file's scope.
macro(byline_embed_page_assets page_var)
  foreach(file ${ARGN})
    set(path "${WEB_DIR}/${file}")
    if(file MATCHES "\\.js$")
      byline_fill_includes(${file} "${out_dir}" path)
    else()
      file(READ "${path}" text)
      byline_compact(text css)
      file(WRITE "${out_dir}/${file}" "${text}")
      set(path "${out_dir}/${file}")
    endif()
    byline_fingerprint(${file} "${path}" named)
    string(REPLACE "{{asset:${file}}}" "/assets/${named}" ${page_var} "${${page_var}}")
    if(file MATCHES "\\.js$")
      set(type "text/javascript; charset=utf-8")
    else()
      set(type "text/css; charset=utf-8")
    endif()
    string(MAKE_C_IDENTIFIER "${file}" id)
    byline_embed(${id} "/assets/${named}" "${type}" "${kImmutable}" "${path}")
  endforeach()
  if(${page_var} MATCHES "{{asset:")
    message(FATAL_ERROR "a page names an asset that embed_web_assets.cmake does not know")
  endif()
endmacro()

file(READ "${WEB_DIR}/index.html" page)
byline_embed_page_assets(page app.js style.css)
file(WRITE "${out_dir}/index.filled.html" "${page}")
# The page itself is revalidated every time: it names the current assets.
byline_embed(index_html "/" "text/html; charset=utf-8" "no-cache" "${out_dir}/index.filled.html")
# The analytics page for the site's owner (it asks for the admin token).
file(READ "${WEB_DIR}/admin.html" admin_page)
byline_embed_page_assets(admin_page admin.js admin.css)
file(WRITE "${out_dir}/admin.filled.html" "${admin_page}")
byline_embed(admin_html "/admin/" "text/html; charset=utf-8" "no-cache"
             "${out_dir}/admin.filled.html")
byline_fill_includes(widget.js "${out_dir}" widget_path)
byline_embed(widget_js "/widget.js" "text/javascript; charset=utf-8" "${kShortCache}"
             "${widget_path}")
byline_embed(widget_css "/widget.css" "text/css; charset=utf-8" "${kShortCache}"
             "${WEB_DIR}/widget.css")
# The API's description (docs/openapi.yaml as JSON): revalidated by ETag.
if(OPENAPI_JSON)
  byline_embed(openapi_json "/openapi.json" "application/json" "no-cache" "${OPENAPI_JSON}")
endif()

file(WRITE "${OUT}.tmp" "// Generated by searchd/web/embed_web_assets.cmake from searchd/web/. Do not edit.
#include \"web_assets.h\"

namespace byline::searchd {
namespace {

${arrays}
}  // namespace

const WebAsset kWebAssets[] = {
${rows}};
const size_t kWebAssetCount = sizeof(kWebAssets) / sizeof(kWebAssets[0]);

}  // namespace byline::searchd
")
# Only touch the output when it changed, so an unchanged page rebuilds nothing.
execute_process(COMMAND "${CMAKE_COMMAND}" -E copy_if_different "${OUT}.tmp" "${OUT}")
file(REMOVE "${OUT}.tmp")
