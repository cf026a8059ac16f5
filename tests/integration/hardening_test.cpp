// Issue 14's defects, each by the class it belongs to: dates outside the served years,
// anything stored that could make a later step fail, uploads that only look like what they
// claim, who may use a photo, and overload answered fast.
#include <gtest/gtest.h>
// clang-format off
#include <cstdio>  // jpeglib.h needs FILE first
#include <jpeglib.h>
// clang-format on

#include <atomic>
#include <thread>

#include "core/json.h"
#include "integration/harness.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

class HardeningTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    for (const char* u : {"resident", "dispatcher", "handler", "gridworker", "gridchief", "leader"})
      tokens_[u] = server_->login(u);
    tokens_["admin"] = server_->login("admin", kAdminPassword);
    auto c = server_->client();
    auto deps = c.get("/api/v1/departments?region=440404104001", tokens_["dispatcher"]).json();
    for (const auto& d : deps.at("items").as_array()) {
      if (d.at("kind") == "urban_management") urban_ = d.at("id").as_int64();
    }
  }
  static void TearDownTestSuite() { delete server_; }
  static HttpResponse post(const std::string& who, const std::string& path, const json::value& body) {
    auto c = server_->client();
    return c.send_json("POST", path, body, tokens_[who]);
  }
  static HttpResponse get(const std::string& who, const std::string& path) {
    auto c = server_->client();
    return c.get(path, tokens_[who]);
  }
  static HttpResponse upload(const std::string& who, const std::string& bytes) {
    auto c = server_->client();
    return c.request("POST", "/api/v1/attachments", bytes,
                     {{"Content-Type", "application/octet-stream"}, {"Authorization", "Bearer " + tokens_[who]}});
  }
  // A resident's report in the demo grid worker's grid.
  static json::value report(const std::string& who = "resident", json::array photos = {}) {
    auto r = post(who, "/api/v1/events",
                  {{"category", "0301"},
                   {"description", "楼下垃圾堆放"},
                   {"grid_code", "440404104001001"},
                   {"address", "立新路 3 号"},
                   {"photos", std::move(photos)}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  static HttpResponse act(const std::string& who, std::int64_t id, const std::string& action, json::object body) {
    body["version"] = get("admin", "/api/v1/events/" + std::to_string(id)).json().at("version");
    return post(who, "/api/v1/events/" + std::to_string(id) + "/" + action, body);
  }
  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
  static std::int64_t urban_;
};
TestServer* HardeningTest::server_ = nullptr;
std::map<std::string, std::string> HardeningTest::tokens_;
std::int64_t HardeningTest::urban_ = 0;

TEST_F(HardeningTest, DatesOutsideTheServedYearsAreRefusedAtTheEdge) {
  for (const std::string route : {"/api/v1/events/stats?region=440404104", "/api/v1/visits/coverage?region=440404104"}) {
    for (const std::string q : {"&from=1899-12-31", "&to=3000-01-01", "&from=1969-07-20T20:17:00Z", "&to=2100-01-01"}) {
      auto r = get("leader", route + q);
      EXPECT_EQ(r.status, 400) << route << q << " " << r.body;
      EXPECT_EQ(r.header("content-type"), "application/problem+json");
      EXPECT_EQ(str(r.json().at("code")), "invalid_query");
    }
    EXPECT_EQ(get("leader", route + "&from=2024-01-01&to=2025-01-01").status, 200) << route;
  }
  EXPECT_EQ(get("leader", "/api/v1/disputes/stats?region=440404104&from=1899-12-31").status, 400);
  EXPECT_EQ(get("leader", "/api/v1/events?from=0001-01-01").status, 400);
  // A dispatch deadline is in the future and at most 365 working days away.
  std::int64_t id = report().at("id").as_int64();
  ASSERT_EQ(act("dispatcher", id, "accept", {}).status, 200);
  for (const char* deadline : {"2040-06-01T12:00:00+08:00", "2020-01-01T00:00:00Z", "9999-12-31T00:00:00Z"}) {
    auto r = act("dispatcher", id, "dispatch", {{"department_id", urban_}, {"deadline", deadline}});
    EXPECT_EQ(r.status, 422) << deadline << " " << r.body;
    EXPECT_EQ(str(r.json().at("field")), "deadline");
  }
  ASSERT_EQ(act("dispatcher", id, "dispatch", {{"department_id", urban_}}).status, 200);
  // Nothing stored may make a later step fail: a deadline in 2040 (stored by an older
  // version, or by hand) and the handler still signs.
  server_->app().db().write([&](storage::Tx& tx) {
    tx.exec("UPDATE events SET handle_due_at = ? WHERE id = ?", {std::int64_t{2'222'222'222'000}, id});
  });
  auto signed_ = act("handler", id, "sign", {});
  EXPECT_EQ(signed_.status, 200) << signed_.body;
  // Visits happen now or lately: not in 1899, not 40 days ago, not tomorrow.
  auto h = post("gridworker", "/api/v1/households",
                {{"region_code", "440404104001001"}, {"address", "立新路 5 号"}, {"housing_type", "owned"}});
  ASSERT_EQ(h.status, 201) << h.body;
  auto visit = [&](std::int64_t at_ms) {
    return post("gridworker", "/api/v1/visits",
                {{"household_id", h.json().at("id")}, {"findings", "走访"}, {"visited_at", wangge::json::rfc3339(at_ms)}});
  };
  std::int64_t now = storage::now_ms();
  EXPECT_EQ(visit(-2'209'075'200'000).status, 422);  // 1900-01-01
  EXPECT_EQ(visit(now - 40LL * 86'400'000).status, 422);
  EXPECT_EQ(visit(now + 86'400'000).status, 422);
  EXPECT_EQ(visit(now - 10LL * 86'400'000).status, 201);
}

// A tiny JPEG made with libjpeg, every pixel from the seed.
std::string make_jpeg(int seed) {
  jpeg_compress_struct cinfo;
  jpeg_error_mgr err;
  cinfo.err = jpeg_std_error(&err);
  jpeg_create_compress(&cinfo);
  unsigned char* out = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &out, &size);
  cinfo.image_width = 16;
  cinfo.image_height = 16;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults(&cinfo);
  jpeg_start_compress(&cinfo, TRUE);
  std::vector<unsigned char> row(16 * 3);
  while (cinfo.next_scanline < 16) {
    for (std::size_t i = 0; i < row.size(); ++i) row[i] = static_cast<unsigned char>(seed * 7 + i * 13 + cinfo.next_scanline);
    JSAMPROW r = row.data();
    jpeg_write_scanlines(&cinfo, &r, 1);
  }
  jpeg_finish_compress(&cinfo);
  std::string bytes(reinterpret_cast<char*>(out), size);
  std::free(out);
  jpeg_destroy_compress(&cinfo);
  return bytes;
}

// An MP4's boxes: ftyp, then moov with a movie header and one track, then media data.
std::string make_mp4(bool with_moov) {
  auto box = [](const std::string& type, const std::string& payload) {
    std::uint32_t n = static_cast<std::uint32_t>(8 + payload.size());
    std::string out{static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
                    static_cast<char>(n)};
    return out + type + payload;
  };
  std::string mvhd(100, '\0');
  mvhd[12 + 3] = static_cast<char>(0xE8);  // timescale 1000 (version 0)
  mvhd[12 + 2] = 0x03;
  std::string moov = box("moov", box("mvhd", mvhd) + box("trak", box("tkhd", std::string(84, '\0'))));
  return box("ftyp", std::string("isom") + std::string(4, '\0') + "isomavc1") + (with_moov ? moov : "") +
         box("mdat", std::string(64, '\x11'));
}

TEST_F(HardeningTest, UploadsMustDecodeAsWhatTheyClaim) {
  std::string png = make_png(77), jpeg = make_jpeg(3);
  EXPECT_EQ(upload("resident", png).status, 201);
  EXPECT_EQ(upload("resident", jpeg).status, 201);
  EXPECT_EQ(upload("resident", make_mp4(true)).status, 201);
  struct Bad {
    std::string name, bytes;
  };
  std::string bad_crc = make_png(78);
  bad_crc[bad_crc.size() - 20] ^= 0x55;  // inside IDAT: its CRC no longer matches
  for (const auto& [name, bytes] : std::vector<Bad>{
           {"8 bytes that start like a PNG", std::string("\x89PNG\r\n\x1A\n", 8)},
           {"a PNG signature and noise", std::string("\x89PNG\r\n\x1A\n", 8) + std::string(300, '\x02')},
           {"a truncated PNG", png.substr(0, png.size() - 30)},
           {"a PNG with a damaged chunk", bad_crc},
           {"a JPEG's first bytes and noise", std::string("\xFF\xD8\xFF\xE0", 4) + std::string(500, 'x')},
           {"a truncated JPEG", jpeg.substr(0, jpeg.size() / 2)},
           {"an MP4 without a movie header", make_mp4(false)},
           {"a WebP header and noise", std::string("RIFF\x20\x00\x00\x00WEBPVP8 ", 16) + std::string(40, 'z')},
           {"a PDF header alone", "%PDF-1.7\n"}}) {
    auto r = upload("resident", bytes);
    EXPECT_EQ(r.status, 415) << name << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << name;
  }
}

TEST_F(HardeningTest, APhotoIsUsedOnlyByThoseWhoMayAlreadySeeIt) {
  auto photo = upload("gridworker", make_png(501));
  ASSERT_EQ(photo.status, 201) << photo.body;
  std::string hash = str(photo.json().at("hash"));
  // Another account that knows the hash may not attach it, nor read it.
  auto r = post("resident", "/api/v1/events",
                {{"category", "0301"},
                 {"description", "借用他人照片"},
                 {"grid_code", "440404104001001"},
                 {"address", "立新路"},
                 {"photos", json::array{json::value(hash)}}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(str(r.json().at("field")), "photos");
  EXPECT_EQ(get("resident", "/api/v1/attachments/" + hash).status, 403);
  // A hash that exists and one that does not get the same answer (nothing to probe).
  auto none = post("resident", "/api/v1/events",
                   {{"category", "0301"},
                    {"description", "x"},
                    {"grid_code", "440404104001001"},
                    {"address", "x"},
                    {"photos", json::array{json::value(std::string(64, 'c'))}}});
  EXPECT_EQ(none.status, 422);
  // Its uploader uses it; then whoever may see that event may use and read it.
  std::int64_t event = report("gridworker", json::array{json::value(hash)}).at("id").as_int64();
  EXPECT_EQ(get("gridchief", "/api/v1/attachments/" + hash).status, 200);
  auto h = post("gridchief", "/api/v1/households",
                {{"region_code", "440404104001001"}, {"address", "立新路 7 号"}, {"housing_type", "owned"}});
  ASSERT_EQ(h.status, 201);
  EXPECT_EQ(post("gridchief", "/api/v1/visits",
                 {{"household_id", h.json().at("id")}, {"findings", "复查"}, {"photos", json::array{json::value(hash)}}})
                .status,
            201);
  EXPECT_EQ(get("resident", "/api/v1/events/" + std::to_string(event)).status, 403);
  EXPECT_EQ(get("resident", "/api/v1/attachments/" + hash).status, 403);
  // Someone who sends the same bytes has them: they may use them too.
  auto again = upload("resident", make_png(501));
  ASSERT_EQ(again.status, 201);
  EXPECT_EQ(str(again.json().at("hash")), hash);
  EXPECT_EQ(get("resident", "/api/v1/attachments/" + hash).status, 200);
  EXPECT_EQ(report("resident", json::array{json::value(hash)}).at("photos").as_array().size(), 1u);
}

TEST(OverloadTest, LoginsBeyondTheirBoundAreAnswered503AtOnceAndProbesStayUp) {
  Config cfg;
  cfg.max_logins_in_flight = 1;
  TestServer server(cfg);
  std::atomic<int> ok{0}, shed{0}, other{0};
  std::atomic<bool> retry_after{true};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      Client c(server.port());
      for (int k = 0; k < 3; ++k) {
        auto r = c.send_json("POST", "/api/v1/auth/login", {{"username", "resident"}, {"password", kDemoPassword}});
        if (r.status == 200) {
          ++ok;
        } else if (r.status == 503) {
          ++shed;
          if (r.header("retry-after") != "1" || str(r.json().at("code")) != "overloaded") retry_after = false;
        } else {
          ++other;
        }
      }
    });
  }
  Client probe(server.port());
  for (int i = 0; i < 20; ++i) EXPECT_EQ(probe.get("/healthz").status, 200);
  for (auto& t : threads) t.join();
  EXPECT_GT(ok.load(), 0);
  EXPECT_GT(shed.load(), 0);
  EXPECT_EQ(other.load(), 0);
  EXPECT_TRUE(retry_after.load());
  std::string metrics = probe.get("/metrics").body;
  EXPECT_NE(metrics.find("wangge_http_shed_total{class=\"login\"} " + std::to_string(shed.load())), std::string::npos)
      << metrics.substr(0, 2000);
}

}  // namespace
}  // namespace wangge::testing
