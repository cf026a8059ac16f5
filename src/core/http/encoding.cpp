#include "core/http/encoding.h"

#include <zlib.h>

#include <cctype>
#include <stdexcept>

namespace wangge::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// The quality of one list entry ("gzip;q=0.5" -> 0.5); 1 without a q parameter.
double quality(std::string_view params) {
  for (std::size_t at = 0; at < params.size();) {
    std::size_t semi = params.find(';', at);
    std::string_view p = trim(params.substr(at, semi == std::string_view::npos ? std::string_view::npos : semi - at));
    if (p.size() > 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      try {
        return std::stod(std::string(p.substr(2)));
      } catch (const std::exception&) {
        return 0;
      }
    }
    if (semi == std::string_view::npos) break;
    at = semi + 1;
  }
  return 1;
}

}  // namespace

bool accepts(std::string_view accept_encoding, Coding coding) {
  std::string_view name = coding == Coding::gzip ? "gzip" : coding == Coding::br ? "br" : "identity";
  double explicit_q = -1, star_q = -1;
  for (std::size_t at = 0; at <= accept_encoding.size();) {
    std::size_t comma = accept_encoding.find(',', at);
    std::string_view entry =
        accept_encoding.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at);
    std::size_t semi = entry.find(';');
    std::string_view token = trim(entry.substr(0, semi));
    double q = semi == std::string_view::npos ? 1 : quality(entry.substr(semi + 1));
    if (iequals(token, name) || (coding == Coding::gzip && iequals(token, "x-gzip"))) explicit_q = q;
    if (token == "*") star_q = q;
    if (comma == std::string_view::npos) break;
    at = comma + 1;
  }
  if (explicit_q >= 0) return explicit_q > 0;
  if (star_q >= 0) return star_q > 0;
  return coding == Coding::identity;
}

std::string gzip(std::string_view bytes, int level) {
  z_stream z{};
  // 15 + 16: a gzip header and trailer around the deflate stream.
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("gzip: cannot start");
  std::string out(deflateBound(&z, static_cast<uLong>(bytes.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));  // NOLINT: zlib's API is not const
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("gzip: cannot compress");
  return out;
}

std::optional<std::string> gunzip(std::string_view gz) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return std::nullopt;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));  // NOLINT: zlib's API is not const
  z.avail_in = static_cast<uInt>(gz.size());
  std::string out;
  char buf[64 * 1024];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

bool compressible(std::string_view type) {
  type = type.substr(0, type.find(';'));
  return type.starts_with("text/") || type == "application/json" || type == "application/problem+json" ||
         type == "application/javascript" || type == "application/geo+json" || type == "image/svg+xml" ||
         type == "application/xml" || type == "application/manifest+json";
}

void compress(const Request& req, Response& res) {
  if (res.stream || res.deferred || !compressible(res.content_type)) return;
  bool varies = false;
  for (const auto& [name, value] : res.headers) {
    if (iequals(name, "content-encoding")) return;  // coded already (a precompressed file)
    varies |= iequals(name, "vary");
  }
  if (!varies) res.set_header("Vary", "Accept-Encoding");
  if (res.body.size() < kCompressFrom || res.status == 204 || res.status == 304) return;
  if (!accepts(req.header("accept-encoding").value_or(""), Coding::gzip)) return;
  res.body = gzip(res.body);
  res.set_header("Content-Encoding", "gzip");
}

}  // namespace wangge::http
