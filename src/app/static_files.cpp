// The built web app (web/dist), served at / with the single-page app's fallback. Its files
// come compressed at build time (web/scripts/precompress.mjs writes NAME.br and NAME.gz
// beside each compressible file): the smallest one the client accepts is sent, with
// Content-Encoding and Vary: Accept-Encoding. Hashed assets are cached for a year, the rest
// revalidated.
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/app.h"
#include "core/error.h"
#include "core/http/encoding.h"

namespace wangge {
namespace {

std::string mime_of(const std::string& path) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".jpg", "image/jpeg"},
      {".webp", "image/webp"},
  };
  for (auto [ext, type] : kTypes) {
    if (path.size() >= std::strlen(ext) && path.compare(path.size() - std::strlen(ext), std::string::npos, ext) == 0) {
      return type;
    }
  }
  return "application/octet-stream";
}

std::optional<std::string> slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

}  // namespace

http::Response App::serve_static(const http::Request& req) {
  namespace fs = std::filesystem;
  if (web_root_.empty()) {
    throw Error("route_not_found", {}, "the web app is not built (npm run build in web/)", "前端尚未构建");
  }
  std::string rel = req.path;
  auto plain_404 = [] {
    http::Response r;
    r.status = 404;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "404 Not Found\n";
    r.set_header("X-Content-Type-Options", "nosniff");
    return r;
  };
  if (rel.find("..") != std::string::npos) return plain_404();
  fs::path file = fs::path(web_root_) / rel.substr(1);
  std::error_code ec;
  if (rel != "/" && !fs::is_regular_file(file, ec)) {
    // A page of the web app (its router draws it, or its own "not found" page) has no file
    // extension; a missing file (a stale asset, /favicon.ico, /robots.txt) is a plain 404.
    std::string last = rel.substr(rel.rfind('/') + 1);
    if (last.find('.') != std::string::npos || rel.rfind("/assets/", 0) == 0) return plain_404();
    file = fs::path(web_root_) / "index.html";
  } else if (rel == "/") {
    file = fs::path(web_root_) / "index.html";
  }
  http::Response r;
  r.content_type = mime_of(file.string());
  const std::string accept(req.header("accept-encoding").value_or(""));
  std::optional<std::string> body;
  if (http::compressible(r.content_type)) {
    r.set_header("Vary", "Accept-Encoding");
    for (auto [coding, ext, name] : {std::tuple{http::Coding::br, ".br", "br"}, {http::Coding::gzip, ".gz", "gzip"}}) {
      if (!http::accepts(accept, coding)) continue;
      body = slurp(file.string() + ext);
      if (body) {
        r.set_header("Content-Encoding", name);
        break;
      }
    }
  }
  if (!body) body = slurp(file);
  if (!body) throw Error("route_not_found");
  r.body = std::move(*body);
  bool hashed_asset = rel.rfind("/assets/", 0) == 0;
  r.set_header("Cache-Control", hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace wangge
