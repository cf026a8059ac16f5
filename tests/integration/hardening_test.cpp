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
#include "open311/open311.h"

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
  for (const std::string route :
       {"/api/v1/events/stats?region=440404104", "/api/v1/visits/coverage?region=440404104"}) {
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
    return post(
        "gridworker", "/api/v1/visits",
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
    for (std::size_t i = 0; i < row.size(); ++i)
      row[i] = static_cast<unsigned char>(seed * 7 + i * 13 + cinfo.next_scanline);
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
// MPEG-1 layer III frames at 128 kbit/s and 44.1 kHz (417 bytes each), after an ID3 tag.
std::string make_mp3(int frames) {
  std::string out = std::string("ID3\x03\x00\x00\x00\x00\x00\x0A", 10) + std::string(10, '\0');
  for (int i = 0; i < frames; ++i) {
    out.append("\xFF\xFB\x90\x00", 4);
    out.append(413, '\x55');
  }
  return out;
}

std::string make_mp4(bool with_moov, const std::string& brand = "isom") {
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
  return box("ftyp", brand + std::string(4, '\0') + "isomavc1") + (with_moov ? moov : "") +
         box("mdat", std::string(64, '\x11'));
}

TEST_F(HardeningTest, UploadsMustDecodeAsWhatTheyClaim) {
  std::string png = make_png(77), jpeg = make_jpeg(3);
  EXPECT_EQ(upload("resident", png).status, 201);
  EXPECT_EQ(upload("resident", jpeg).status, 201);
  EXPECT_EQ(upload("resident", make_mp4(true)).status, 201);
  // Voice: M4A and MP3.
  auto m4a = upload("resident", make_mp4(true, "M4A "));
  EXPECT_EQ(m4a.status, 201) << m4a.body;
  EXPECT_EQ(m4a.json().at("media_type"), "audio/mp4");
  auto mp3 = upload("resident", make_mp3(4));
  EXPECT_EQ(mp3.status, 201) << mp3.body;
  EXPECT_EQ(mp3.json().at("media_type"), "audio/mpeg");
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
           {"an M4A without a movie header", make_mp4(false, "M4A ")},
           {"an ID3 tag and two frames", make_mp3(2)},
           {"an ID3 tag and noise", std::string("ID3\x03\x00\x00\x00\x00\x00\x00", 10) + std::string(900, 'q')},
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
  EXPECT_EQ(
      post("gridchief", "/api/v1/visits",
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

// Found by walking every route with malformed input (the issue's "350 malformed requests",
// grown to 150,000): NUL characters reached the databases (a 500 from the full-text search,
// PostgreSQL refuses them), and text longer than a spreadsheet cell made exports fail.
TEST_F(HardeningTest, NulCharactersAndOverlongTextAreRefusedAtTheEdge) {
  for (const std::string path : {"/api/v1/events?q=a%00b", "/api/v1/households?q=a%00b", "/api/v1/persons?q=%00"}) {
    auto r = get("leader", path);
    EXPECT_EQ(r.status, 400) << path << " " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
  }
  auto c = server_->client();
  auto body = c.request("POST", "/api/v1/events",
                        R"({"category":"0301","description":"a\u0000b","grid_code":"440404104001001","address":"x"})",
                        {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + tokens_["resident"]}});
  EXPECT_EQ(body.status, 400) << body.body;
  EXPECT_EQ(str(body.json().at("code")), "invalid_json");
  std::string key = server_->app().open311().create_key(nullptr, "nul test").key;
  auto o = c.request("POST", "/open311/v2/requests.xml",
                     "api_key=" + url_encode(key) + "&service_code=0301&lat=22.02&long=113.17&description=%00",
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(o.status, 400) << o.body;
  EXPECT_NE(o.body.find("<errors>"), std::string::npos) << o.body;  // the spec's format, not problem+json
  auto csv = c.request("POST", "/api/v1/registry/imports?kind=buildings",
                       std::string("网格编码,楼栋名称\r\n440404104001001,a\0b\r\n", 45),
                       {{"Content-Type", "text/csv"}, {"Authorization", "Bearer " + tokens_["gridworker"]}});
  EXPECT_EQ(csv.status, 422) << csv.body;
  // A person's note is bounded on import as in the API; and text stored longer than a cell
  // holds (by an older version) no longer fails the export.
  auto job = c.request("POST", "/api/v1/registry/imports?kind=persons&dry_run=true",
                       "姓名,身份证号,网格编码,地址,备注\r\n甲," + valid_id("44040419700101001") +
                           ",440404104001001,立新路," + std::string(600, 'x') + "\r\n",
                       {{"Content-Type", "text/csv"}, {"Authorization", "Bearer " + tokens_["gridworker"]}});
  ASSERT_EQ(job.status, 202) << job.body;
  auto done = wait_for_import(c, job.json().at("id").as_int64(), tokens_["gridworker"]);
  EXPECT_EQ(done.at("status"), "rejected") << done;
  EXPECT_EQ(str(done.at("errors").as_array().at(0).at("column")), "note");
  auto p = post("gridworker", "/api/v1/persons",
                {{"name", "长备注"}, {"id_number", valid_id("44040419700101002")}, {"region_code", "440404104001001"}});
  ASSERT_EQ(p.status, 201) << p.body;
  server_->app().db().write([&](storage::Tx& tx) {
    tx.exec("UPDATE persons SET note = ? WHERE id = ?", {std::string(40000, 'y'), p.json().at("id").as_int64()});
  });
  auto x = get("gridchief", "/api/v1/exports/persons?node=440404104001001");
  EXPECT_EQ(x.status, 200) << x.body.substr(0, 300);
}

// More of what the malformed-input walk found: constraints the database enforced that the
// handlers did not check (500s), stored state a later step tripped on, numbers that wrapped.
TEST_F(HardeningTest, WhatTheDatabaseWouldRefuseIsA4xxAndStoredStateNeverBlocksAStep) {
  auto c = server_->client();
  auto admin = tokens_["admin"];
  auto patch = [&](const std::string& who, const std::string& path, const json::value& body) {
    return c.send_json("PATCH", path, body, tokens_[who]);
  };
  // Two departments of one node renamed alike: a conflict, not a 500.
  auto d1 =
      post("admin", "/api/v1/departments", {{"region_code", "440404104"}, {"kind", "water"}, {"name", "甲水务站"}});
  auto d2 =
      post("admin", "/api/v1/departments", {{"region_code", "440404104"}, {"kind", "water"}, {"name", "乙水务站"}});
  ASSERT_EQ(d1.status, 201) << d1.body;
  ASSERT_EQ(d2.status, 201) << d2.body;
  auto renamed = patch("admin", "/api/v1/departments/" + std::to_string(d2.json().at("id").as_int64()),
                       {{"name", "甲水务站"}, {"version", d2.json().at("version")}});
  EXPECT_EQ(renamed.status, 409) << renamed.body;
  // Required text emptied by a correction.
  auto h = post("gridworker", "/api/v1/households",
                {{"region_code", "440404104001001"}, {"address", "立新路 9 号"}, {"housing_type", "owned"}});
  ASSERT_EQ(h.status, 201);
  EXPECT_EQ(patch("gridworker", "/api/v1/households/" + std::to_string(h.json().at("id").as_int64()),
                  {{"address", ""}, {"version", h.json().at("version")}})
                .status,
            422);
  auto d = post("gridworker", "/api/v1/disputes",
                {{"region_code", "440404104001001"},
                 {"type", "neighbour"},
                 {"title", "噪声"},
                 {"description", "楼上噪声"},
                 {"risk", "low"},
                 {"source", "visit"},
                 {"parties", json::array{json::object{{"name", "甲"}}}}});
  ASSERT_EQ(d.status, 201) << d.body;
  std::string dispute = "/api/v1/disputes/" + std::to_string(d.json().at("id").as_int64());
  EXPECT_EQ(patch("gridworker", dispute, {{"title", " "}, {"version", d.json().at("version")}}).status, 422);
  EXPECT_EQ(get("leader", "/api/v1/disputes?from=abc").status, 400);
  EXPECT_EQ(get("leader", "/api/v1/exports/disputes?node=440404104&to=2026-13-45").status, 400);
  // A grid holding a dispute is not deleted (it answered 500 from the foreign key).
  auto unit = post(
      "admin", "/api/v1/regions",
      {{"code", "440404104001001777"}, {"name", "测试单元"}, {"level", "unit"}, {"parent_code", "440404104001001"}});
  ASSERT_EQ(unit.status, 201) << unit.body;
  ASSERT_EQ(post("gridworker", "/api/v1/disputes",
                 {{"region_code", "440404104001001777"},
                  {"type", "family"},
                  {"title", "家事"},
                  {"description", "家庭纠纷"},
                  {"risk", "low"},
                  {"source", "self"},
                  {"parties", json::array{json::object{{"name", "乙"}}}}})
                .status,
            201);
  auto del = c.request("DELETE", "/api/v1/regions/440404104001001777", "", {{"Authorization", "Bearer " + admin}});
  EXPECT_EQ(del.status, 409) << del.body;
  EXPECT_EQ(str(del.json().at("code")), "region_in_use");
  // Nor moved while records lie under it: their stored paths would be left behind.
  auto moved = post("admin", "/api/v1/regions/440404104001001777/move", {{"parent_code", "440404104001002"}});
  EXPECT_EQ(moved.status, 409) << moved.body;
  // A number that does not fit is refused, not wrapped (4294967297 was taken as 1 day).
  std::int64_t id = report().at("id").as_int64();
  ASSERT_EQ(act("dispatcher", id, "accept", {}).status, 200);
  EXPECT_EQ(act("dispatcher", id, "dispatch", {{"department_id", urban_}, {"handle_days", 4294967297LL}}).status, 422);
  // A category switched off stops new reports in it, not the steps of events filed before.
  auto cats = get("admin", "/api/v1/event-categories").json();
  std::int64_t version = 0;
  for (const auto& cat : cats.at("items").as_array())
    if (cat.at("code") == "0301") version = cat.at("version").as_int64();
  auto off = c.send_json(
      "PUT", "/api/v1/event-categories/0301",
      {{"name_zh", "垃圾堆放"}, {"name_en", "Piled-up rubbish"}, {"active", false}, {"version", version}}, admin);
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(str(off.json().at("parent_code")), "03");  // an omitted parent_code keeps the parent
  EXPECT_EQ(act("dispatcher", id, "dispatch", {{"department_id", urban_}}).status, 200);
  EXPECT_EQ(post("resident", "/api/v1/events",
                 {{"category", "0301"}, {"description", "x"}, {"grid_code", "440404104001001"}, {"address", "x"}})
                .status,
            422);
  auto on = c.send_json("PUT", "/api/v1/event-categories/0301",
                        {{"name_zh", "垃圾堆放"},
                         {"name_en", "Piled-up rubbish"},
                         {"active", true},
                         {"version", off.json().at("version")}},
                        admin);
  ASSERT_EQ(on.status, 200);
  // A top-level category with subcategories stays top-level (no third level).
  auto third =
      c.send_json("PUT", "/api/v1/event-categories/03",
                  {{"name_zh", "环境卫生"}, {"name_en", "Environment"}, {"parent_code", "04"}, {"version", 1}}, admin);
  EXPECT_EQ(third.status, 422) << third.body;
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
