// Compression for phones on a weak signal (issue 17): the web app's files as they were
// compressed at build time (NAME.br, NAME.gz) by what the browser accepts, and large JSON
// answers gzipped on the fly, through HTTP.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/http/encoding.h"
#include "integration/harness.h"

namespace wangge::testing {
namespace {

std::string gunzip(const std::string& in) {
  auto out = http::gunzip(in);
  EXPECT_TRUE(out) << "not a whole gzip stream";
  return out.value_or("");
}

void write(const std::string& path, const std::string& bytes) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

TEST(CompressionTest, TheWebAppsFilesAreSentAsCompressedAtBuildTimeByWhatTheBrowserAccepts) {
  std::string web = temp_dir("wangge-web");
  std::string js(4000, 'a');
  write(web + "/index.html", "<!doctype html><title>网格</title>");
  write(web + "/assets/app-1a2b3c.js", js);
  write(web + "/assets/app-1a2b3c.js.br", "BROTLI-BYTES");
  write(web + "/assets/app-1a2b3c.js.gz", "GZIP-BYTES");
  write(web + "/assets/photo-9f.png", "\x89PNG not compressed");
  Config cfg;
  cfg.web_root = web;
  TestServer server(cfg);
  auto c = server.client();
  auto get = [&](const std::string& path, const std::string& accept) {
    return accept.empty() ? c.request("GET", path) : c.request("GET", path, "", {{"Accept-Encoding", accept}});
  };
  auto br = get("/assets/app-1a2b3c.js", "gzip, deflate, br");
  EXPECT_EQ(br.status, 200);
  EXPECT_EQ(br.body, "BROTLI-BYTES");
  EXPECT_EQ(br.header("content-encoding"), "br");
  EXPECT_EQ(br.header("vary"), "Accept-Encoding");
  EXPECT_EQ(br.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(br.header("cache-control"), "public, max-age=31536000, immutable");
  auto gz = get("/assets/app-1a2b3c.js", "gzip");
  EXPECT_EQ(gz.body, "GZIP-BYTES");
  EXPECT_EQ(gz.header("content-encoding"), "gzip");
  auto refused = get("/assets/app-1a2b3c.js", "br;q=0, gzip;q=0");
  EXPECT_EQ(refused.body, js);
  EXPECT_EQ(refused.header("content-encoding"), "");
  auto plain = get("/assets/app-1a2b3c.js", "");
  EXPECT_EQ(plain.body, js);
  EXPECT_EQ(plain.header("vary"), "Accept-Encoding");
  // A file without compressed copies (small, or of a type that does not compress).
  auto page = get("/", "br, gzip");
  EXPECT_NE(page.body.find("网格"), std::string::npos);
  EXPECT_EQ(page.header("content-encoding"), "");
  EXPECT_EQ(page.header("cache-control"), "no-cache");
  auto png = get("/assets/photo-9f.png", "br, gzip");
  EXPECT_EQ(png.header("content-encoding"), "");
  EXPECT_EQ(png.header("vary"), "");
  std::filesystem::remove_all(web);
}

TEST(CompressionTest, LargeJsonAnswersAreGzippedForClientsThatTakeIt) {
  TestServer server;
  auto token = server.login("admin", kAdminPassword);
  auto c = server.client();
  // The town's communities as GeoJSON: some tens of kilobytes.
  const std::string path = "/api/v1/regions/440404104/geojson";
  auto plain = c.request("GET", path, "", {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(plain.status, 200) << plain.body.substr(0, 200);
  ASSERT_GT(plain.body.size(), 1400u);
  EXPECT_EQ(plain.header("content-encoding"), "");
  EXPECT_EQ(plain.header("vary"), "Accept-Encoding");
  auto gz = c.request("GET", path, "", {{"Authorization", "Bearer " + token}, {"Accept-Encoding", "gzip, br"}});
  ASSERT_EQ(gz.status, 200);
  EXPECT_EQ(gz.header("content-encoding"), "gzip");
  EXPECT_LT(gz.body.size() * 3, plain.body.size());
  EXPECT_EQ(gunzip(gz.body), plain.body);
  // A small answer stays as it is.
  auto me =
      c.request("GET", "/api/v1/auth/me", "", {{"Authorization", "Bearer " + token}, {"Accept-Encoding", "gzip"}});
  auto me_plain = c.request("GET", "/api/v1/auth/me", "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(me.header("content-encoding"), me_plain.body.size() >= 1400 ? "gzip" : "");
  // Problems too, when large enough; and a client that refuses gzip gets none.
  auto no = c.request("GET", path, "", {{"Authorization", "Bearer " + token}, {"Accept-Encoding", "gzip;q=0"}});
  EXPECT_EQ(no.header("content-encoding"), "");
  EXPECT_EQ(no.body, plain.body);
}

}  // namespace
}  // namespace wangge::testing
