// Possible duplicates (events/similar.h) through HTTP: before filing, a reporter learns of
// open reports nearby that read alike (without opening them); the dispatcher sees them on
// an event, the most alike first, and merges in one step.
#include <gtest/gtest.h>

#include <cmath>

#include "integration/harness.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

TEST(DuplicatesTest, AlikeReportsNearbyAreShownBeforeFilingAndMerged) {
  TestServer server;
  auto c = server.client();
  std::string resident = server.login("resident"), dispatcher = server.login("dispatcher");
  auto [lng, lat] = server.point_in_grid("440404104001001");
  auto file = [&](const std::string& token, const char* category, const char* text, double dlng) {
    json::object body{{"category", category}, {"description", text}, {"lat", lat}, {"lng", lng + dlng}};
    auto r = c.send_json("POST", "/api/v1/events", body, token);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  };
  std::int64_t rubbish = file(resident, "0301", "小区门口垃圾堆了好几天没人清理，很臭", 0);
  file(resident, "0502", "路灯坏了晚上很黑", 0.0001);              // nearby, another problem
  file(resident, "0301", "小区门口垃圾堆了好几天没人清理", 0.01);  // alike, but a kilometre away
  // About 20 m east: another wording, a sibling category.
  json::object query{
      {"lng", lng + 0.0002}, {"lat", lat}, {"category", "0305"}, {"description", "门口的垃圾好几天没清理了，招老鼠"}};
  auto r = c.send_json("POST", "/api/v1/events/similar", query, server.login("gridworker"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = r.json().at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << r.body;
  EXPECT_EQ(items[0].at("category_code"), "0301");
  EXPECT_GT(items[0].at("similarity").to_number<double>(), 0.35);
  EXPECT_LT(items[0].at("distance_m").to_number<double>(), 40.0);
  // The dispatcher may open it (its id); another resident only learns it exists.
  r = c.send_json("POST", "/api/v1/events/similar", query, dispatcher);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_FALSE(r.json().at("items").as_array().empty());
  EXPECT_EQ(r.json().at("items").at(0).at("id").as_int64(), rubbish);
  // A party member reporting there learns that it was reported, not the report.
  r = c.send_json("POST", "/api/v1/events/similar", query, server.login("partymember"));
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json().at("items").as_array().size(), 1u);
  EXPECT_FALSE(r.json().at("items").at(0).as_object().contains("id"));
  // Bad input changes nothing and says why.
  EXPECT_EQ(c.send_json("POST", "/api/v1/events/similar", {{"lng", "x"}, {"lat", lat}}, resident).status, 422);
  EXPECT_EQ(c.send_json("POST", "/api/v1/events/similar", {{"lng", 500.0}, {"lat", lat}}, resident).status, 422);

  // Filed anyway: the dispatcher sees the first as its likely duplicate and merges.
  std::int64_t again = file(resident, "0305", "门口的垃圾好几天没清理了，招老鼠", 0.0002);
  auto dupes = c.get("/api/v1/events/" + std::to_string(again) + "/duplicates", dispatcher);
  ASSERT_EQ(dupes.status, 200) << dupes.body;
  auto list = dupes.json().at("items").as_array();
  ASSERT_FALSE(list.empty());
  EXPECT_EQ(list[0].at("id").as_int64(), rubbish);
  EXPECT_GT(list[0].at("similarity").to_number<double>(), 0.35);
  auto ev = c.get("/api/v1/events/" + std::to_string(again), dispatcher).json();
  auto m = c.send_json("POST", "/api/v1/events/" + std::to_string(again) + "/merge",
                       {{"into", rubbish}, {"version", ev.at("version")}, {"comment", "同一处垃圾"}}, dispatcher);
  ASSERT_EQ(m.status, 200) << m.body;
  // Merged and closed reports are no longer offered.
  r = c.send_json("POST", "/api/v1/events/similar", query, dispatcher);
  const auto after = r.json();
  for (const auto& it : after.at("items").as_array()) EXPECT_NE(it.at("id").as_int64(), again);
}

}  // namespace
}  // namespace wangge::testing
