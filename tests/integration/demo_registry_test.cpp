// The demo registry, visits and disputes (App::load_demo_registry) on both backends: every
// ID number valid (GB 11643) and sealed at rest, its birth date and sex the person's, tags
// and relations that fit the ages; the demo grid worker lists households, persons and
// visits of their own grid only; visits and disputes carry a history dated up to today;
// a second load adds nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <map>
#include <set>

#include "core/calendar.h"
#include "core/crypto.h"
#include "core/storage/database.h"
#include "integration/harness.h"
#include "registry/id_number.h"
#include "registry/service.h"
#include "registry/store.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

constexpr int kPerGrid = 6;
constexpr const char* kWorkerGrid = "440404104001001";

class DemoRegistryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    auto t0 = std::chrono::steady_clock::now();
    loaded_ = server_->app().load_demo_registry(kPerGrid);
    seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (const char* u : {"gridworker", "gridchief", "leader", "mediator"}) tokens_[u] = server_->login(u);
  }
  static void TearDownTestSuite() { delete server_; }
  static json::value get(const std::string& who, const std::string& path) {
    auto c = server_->client();
    auto r = c.get(path, tokens_[who]);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.json();
  }
  static std::int64_t count(const std::string& table) {
    return server_->app().db().read_value<std::int64_t>(
        [&](storage::Tx& tx) { return tx.exec("SELECT COUNT(*) FROM " + table).one().i64(0); });
  }
  static std::string today() { return server_->app().registry().today(); }

  static TestServer* server_;
  static bool loaded_;
  static double seconds_;
  static std::map<std::string, std::string> tokens_;
};
TestServer* DemoRegistryTest::server_ = nullptr;
bool DemoRegistryTest::loaded_ = false;
double DemoRegistryTest::seconds_ = 0;
std::map<std::string, std::string> DemoRegistryTest::tokens_;

// Whole years from a YYYY-MM-DD birth date to `today`.
int age_on(const std::string& birth, const std::string& today) {
  int years = std::stoi(today.substr(0, 4)) - std::stoi(birth.substr(0, 4));
  return today.substr(5) < birth.substr(5) ? years - 1 : years;
}

TEST_F(DemoRegistryTest, EveryIdNumberIsValidSealedAndAgreesWithThePerson) {
  ASSERT_TRUE(loaded_);
  std::cout << "demo registry (" << kPerGrid << " households a grid) loaded in " << seconds_ << " s\n";
  EXPECT_EQ(count("households"), 72 * kPerGrid);  // every demo grid
  EXPECT_GT(count("buildings"), 70);
  std::vector<registry::Person> people;
  server_->app().db().read([&](storage::Tx& tx) {
    registry::store::PersonFilter f;
    f.scope_paths = {"/"};
    f.limit = 100000;
    people = registry::store::persons(tx, f);
    registry::store::load_tags(tx, people);
  });
  ASSERT_GT(people.size(), 72u * kPerGrid * 2);
  const Crypto& crypto = server_->app().registry().crypto();
  std::set<std::string> numbers, plain_phones;
  std::map<std::string, int> tags;
  for (const auto& p : people) {
    ASSERT_TRUE(p.id_sealed) << p.name;
    auto plain = crypto.open(*p.id_sealed);
    ASSERT_TRUE(plain) << p.name;
    registry::IdProblem problem;
    auto id = registry::parse_id_number(*plain, today(), &problem);
    ASSERT_TRUE(id) << *plain << ": " << problem.en;
    EXPECT_EQ(id->birth_date, p.birth_date) << *plain;
    EXPECT_EQ(id->gender, p.gender) << *plain;
    EXPECT_EQ(p.id_masked, registry::mask_id_number(*plain));
    EXPECT_TRUE(numbers.insert(*plain).second) << "duplicate " << *plain;
    EXPECT_LE(p.birth_date, today());
    if (p.phone_sealed && plain_phones.size() < 200) plain_phones.insert(*crypto.open(*p.phone_sealed));
    EXPECT_EQ(p.residence_type == "floating", p.floating_registered_on.has_value()) << p.name;
    const int age = age_on(p.birth_date, today());
    for (const auto& t : p.tags) {
      ++tags[t.tag];
      EXPECT_LE(t.since, today()) << t.tag;
      if (t.tag == "elderly" || t.tag == "empty_nest_elderly" || t.tag == "left_behind_elderly") {
        EXPECT_GE(age, 60) << p.name << " " << t.tag;
      }
      if (t.tag == "left_behind_child") {
        EXPECT_LT(age, 16) << p.name;
      }
      if (t.tag == "party_member" || t.tag == "veteran") {
        EXPECT_GE(age, 25) << p.name;
      }
    }
  }
  // A plausible mix: the elderly many, the key classes few.
  EXPECT_GT(tags["elderly"], static_cast<int>(people.size()) / 10);
  EXPECT_GT(tags["empty_nest_elderly"], 0);
  EXPECT_GT(tags["party_member"], 0);
  EXPECT_LT(tags["community_correction"] + tags["released_prisoner"] + tags["drug_user"],
            static_cast<int>(people.size()) / 50 + 1);
  // Sealed at rest: no ID number or phone in plain anywhere in the persons table.
  std::string stored = server_->app().db().read_value<std::string>([](storage::Tx& tx) {
    std::string all;
    for (const auto& row : tx.exec("SELECT * FROM persons").rows) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (const auto* b = std::get_if<storage::Blob>(&row.at(i))) all += b->bytes;
        all += row.str(i) + "|";
      }
    }
    return all;
  });
  int checked = 0;
  for (const auto& n : numbers) {
    if (++checked > 300) break;
    EXPECT_EQ(stored.find(n), std::string::npos) << n;
  }
  ASSERT_FALSE(plain_phones.empty());
  for (const auto& ph : plain_phones) EXPECT_EQ(stored.find(ph), std::string::npos) << ph;
  // Everyone lives in a household, or left one (a former member, with the day and why).
  auto homeless = server_->app().db().read_value<std::int64_t>([](storage::Tx& tx) {
    return tx
        .exec(
            "SELECT COUNT(*) FROM persons p WHERE household_id IS NULL AND NOT EXISTS (SELECT 1 FROM "
            "household_members m WHERE m.person_id = p.id AND m.moved_out_on IS NOT NULL AND m.out_reason <> '')")
        .one()
        .i64(0);
  });
  EXPECT_EQ(homeless, 0);
  EXPECT_GT(count("household_members WHERE moved_out_on IS NOT NULL"), 0);
  // Every household has one head, a current member.
  auto headless = server_->app().db().read_value<std::int64_t>(
      [](storage::Tx& tx) { return tx.exec("SELECT COUNT(*) FROM households WHERE head_id IS NULL").one().i64(0); });
  EXPECT_EQ(headless, 0);
}

TEST_F(DemoRegistryTest, TheGridWorkerSeesTheirOwnGridOnly) {
  ASSERT_TRUE(loaded_);
  auto households = get("gridworker", "/api/v1/households?limit=200");
  ASSERT_EQ(households.at("items").as_array().size(), static_cast<std::size_t>(kPerGrid));
  for (const auto& h : households.at("items").as_array())
    EXPECT_EQ(str(h.at("region_code")).substr(0, 15), kWorkerGrid);
  auto persons = get("gridworker", "/api/v1/persons?limit=200");
  ASSERT_GE(persons.at("items").as_array().size(), static_cast<std::size_t>(kPerGrid));
  for (const auto& p : persons.at("items").as_array()) {
    EXPECT_EQ(str(p.at("region_code")).substr(0, 15), kWorkerGrid);
    EXPECT_NE(str(p.at("id_number")).find("********"), std::string::npos);  // masked
  }
  auto visits = get("gridworker", "/api/v1/visits?limit=200");
  ASSERT_FALSE(visits.at("items").as_array().empty());
  for (const auto& v : visits.at("items").as_array()) {
    EXPECT_EQ(str(v.at("region_code")).substr(0, 15), kWorkerGrid);
    if (v.at("status") == "done") {
      EXPECT_EQ(v.at("visitor_name"), "gridworker");
      EXPECT_LE(str(v.at("visited_at")).substr(0, 10), today());
    }
  }
  // Another grid is not theirs.
  auto c = server_->client();
  EXPECT_EQ(c.get("/api/v1/households?region=440404104002001", tokens_["gridworker"]).status, 403);
  // The grid chief's community has visit coverage; the town outside it has households but
  // no demo account who visits them.
  auto cov = get("gridchief", "/api/v1/visits/coverage?region=440404104001");
  EXPECT_EQ(cov.at("households").as_int64(), 6 * kPerGrid);
  EXPECT_GT(cov.at("rate").to_number<double>(), 0.4);
  auto town = get("leader", "/api/v1/visits/coverage?region=440404104");
  EXPECT_EQ(town.at("households").as_int64(), 72 * kPerGrid);
}

TEST_F(DemoRegistryTest, DisputesHaveAPastYearOfMediation) {
  ASSERT_TRUE(loaded_);
  auto list = get("mediator", "/api/v1/disputes?limit=200");
  const auto& items = list.at("items").as_array();
  ASSERT_GE(items.size(), 12u);
  std::map<std::string, int> status;
  int linked = 0;
  std::int64_t settled_id = 0;
  for (const auto& d : items) {
    ++status[str(d.at("status"))];
    EXPECT_LE(str(d.at("found_on")), today());
    for (const auto& p : d.at("parties").as_array()) linked += p.at("person_id").is_null() ? 0 : 1;
    if (d.at("status") == "settled" && !settled_id) settled_id = d.at("id").as_int64();
  }
  EXPECT_GT(status["settled"], 0);
  EXPECT_GT(status["open"] + status["mediating"], 0);
  EXPECT_GT(linked, 0);
  ASSERT_NE(settled_id, 0);
  auto detail = get("mediator", "/api/v1/disputes/" + std::to_string(settled_id));
  const auto& sessions = detail.at("sessions").as_array();
  ASSERT_FALSE(sessions.empty());
  EXPECT_EQ(sessions.back().at("result"), "agreement");
  EXPECT_LE(str(detail.at("closed_on")), today());
  // A party linked to the registry is a person of the dispute's grid.
  for (const auto& p : detail.at("parties").as_array()) {
    if (p.at("person_id").is_null()) continue;
    auto person = get("mediator", "/api/v1/persons/" + std::to_string(p.at("person_id").as_int64()));
    EXPECT_EQ(person.at("name"), p.at("name"));
  }
  // The grid worker's grid has some of them; the statistics count them.
  auto mine = get("gridworker", "/api/v1/disputes?limit=200");
  for (const auto& d : mine.at("items").as_array()) EXPECT_EQ(str(d.at("region_code")).substr(0, 15), kWorkerGrid);
  std::string from = std::to_string(std::stoi(today().substr(0, 4)) - 1) + today().substr(4);
  auto stats = get("leader", "/api/v1/disputes/stats?region=440404104&from=" + from);
  EXPECT_EQ(stats.at("found").as_int64(), static_cast<std::int64_t>(items.size()));
}

TEST_F(DemoRegistryTest, LoadingTwiceAddsNothing) {
  ASSERT_TRUE(loaded_);
  std::map<std::string, std::int64_t> before;
  for (const char* t : {"buildings", "households", "persons", "person_tags", "visits", "disputes"})
    before[t] = count(t);
  EXPECT_FALSE(server_->app().load_demo_registry(kPerGrid));
  for (const auto& [t, n] : before) EXPECT_EQ(count(t), n) << t;
}

}  // namespace
}  // namespace wangge::testing
