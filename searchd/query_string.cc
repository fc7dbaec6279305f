#include "query_string.h"

namespace byline::searchd {

httplib::Params DecodeQueryString(const std::string& target) {
  httplib::Params params;
  auto question = target.find('?');
  if (question == std::string::npos) return params;
  size_t pos = question + 1;
  while (pos <= target.size()) {
    size_t amp = target.find('&', pos);
    if (amp == std::string::npos) amp = target.size();
    std::string pair = target.substr(pos, amp - pos);
    if (!pair.empty()) {
      auto eq = pair.find('=');
      std::string key = pair.substr(0, eq);
      std::string value = eq == std::string::npos ? "" : pair.substr(eq + 1);
      params.emplace(httplib::detail::decode_url(key, true),
                     httplib::detail::decode_url(value, true));
    }
    pos = amp + 1;
  }
  return params;
}

std::string ParamValue(const httplib::Params& params, const std::string& name) {
  auto it = params.find(name);
  return it == params.end() ? "" : it->second;
}

bool ParseBoolValue(const std::string& text, bool* out) {
  if (text == "true" || text == "1") {
    *out = true;
  } else if (text == "false" || text == "0") {
    *out = false;
  } else {
    return false;
  }
  return true;
}

}  // namespace byline::searchd
