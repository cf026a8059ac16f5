// The foreign places' deliberation records (world.h): a council, a member, topics in each
// stage with their records, made by the administrator and the place's resident.
#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

#include "core/json.h"
#include "core/storage/database.h"
#include "integration/world.h"

namespace wangge::testing {

void World::build_deliberation(TestServer& server, ForeignPlace& p) {
  namespace json = boost::json;
  auto c = server.client();
  auto call = [&](const std::string& method, const std::string& path, const json::value& body, const std::string& token,
                  int status, const std::string& what) {
    auto r = c.send_json(method, path, body, token);
    if (r.status != status) throw std::runtime_error(what + ": " + std::to_string(r.status) + " " + r.body);
    return r.json();
  };
  auto post = [&](const std::string& path, const json::value& body, const std::string& what, int status = 201) {
    return call("POST", path, body, admin_token, status, what);
  };
  const std::string node = p.tag == "G2" ? p.grid : p.grid.substr(0, 12);
  const std::string username = "zxw_res_" + p.tag;
  const std::string resident = server.login(username, "Zxw#Res2026");
  call("PUT", "/api/v1/persons/" + std::to_string(p.person) + "/account", {{"username", username}}, admin_token, 200,
       "link");
  p.council =
      post("/api/v1/councils", {{"region_code", node}, {"name", p.marker + "议事会"}}, "council").at("id").as_int64();
  p.member = post("/api/v1/councils/" + std::to_string(p.council) + "/members",
                  {{"group", "residents_rep"}, {"name", p.marker + "代表"}, {"username", username}}, "member")
                 .at("id")
                 .as_int64();
  auto topic = [&](const std::string& title) {
    return call("POST", "/api/v1/topics", {{"council_id", p.council}, {"title", p.marker + title}}, resident, 201,
                "topic")
        .at("id")
        .as_int64();
  };
  auto step = [&](std::int64_t id, const std::string& action, json::object body) {
    auto t = call("GET", "/api/v1/topics/" + std::to_string(id), nullptr, admin_token, 200, "topic read");
    body["version"] = t.at("version");
    post("/api/v1/topics/" + std::to_string(id) + "/" + action, body, action, 200);
  };
  auto tid = [](std::int64_t id) { return "/api/v1/topics/" + std::to_string(id); };
  auto in = [](std::int64_t ms) { return json::value(wangge::json::rfc3339(storage::now_ms() + ms)); };
  // A topic up to deliberation, with a meeting held (ready to be published).
  auto to_deliberation = [&](const std::string& title, bool held) {
    auto id = topic(title);
    step(id, "accept", {});
    post(tid(id) + "/notes", {{"body", p.marker + "调研"}}, "note");
    step(id, "deliberate", {});
    auto m =
        post(tid(id) + "/meetings",
             {{"kind", "council"}, {"starts_at", in(-60'000)}, {"place", p.marker + "议事厅"}, {"all_members", true}},
             "meeting");
    if (held)
      post("/api/v1/meetings/" + std::to_string(m.at("id").as_int64()) + "/record",
           {{"version", 1}, {"record", "纪要"}, {"present", json::array{m.at("participants").as_array()[0].at("id")}}},
           "record", 200);
    return std::make_pair(id, m.at("id").as_int64());
  };
  p.topic0 = topic("议题（收集）");
  p.topic1 = topic("议题（调研）");
  step(p.topic1, "accept", {});
  post(tid(p.topic1) + "/notes", {{"body", p.marker + "调研记录"}}, "note");
  p.survey =
      post(tid(p.topic1) + "/surveys",
           {{"title", p.marker + "问卷"},
            {"questions",
             json::array{json::object{{"text", "同意吗"}, {"type", "single"}, {"options", json::array{"是", "否"}}}}}},
           "survey")
          .at("id")
          .as_int64();
  auto [t2, m2] = to_deliberation("议题（协商）", false);
  p.topic2 = t2;
  p.meeting = m2;
  p.ballot = post(tid(p.topic2) + "/ballots", {{"question", p.marker + "表决"}, {"electorate", "council"}}, "ballot")
                 .at("id")
                 .as_int64();
  auto reg = call("GET", "/api/v1/ballots/" + std::to_string(p.ballot) + "/register", nullptr, admin_token, 200, "reg");
  p.voter = reg.at("items").as_array()[0].at("id").as_int64();
  p.topic3 = to_deliberation("议题（公示）", true).first;
  step(p.topic3, "publicize", {{"decision", p.marker + "决定"}});
  p.objection = call("POST", tid(p.topic3) + "/objections", {{"body", p.marker + "异议"}}, resident, 201, "objection")
                    .at("id")
                    .as_int64();
  p.topic4 = to_deliberation("议题（落实）", true).first;
  step(p.topic4, "publicize", {{"decision", p.marker + "决定"}, {"until", in(2000)}});
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  step(p.topic4, "implement", {});
  p.notice = post("/api/v1/notices",
                  {{"region_code", node},
                   {"title", p.marker + "通知"},
                   {"body", p.marker + "正文"},
                   {"must_read", true},
                   {"publish", true}},
                  "notice")
                 .at("id")
                 .as_int64();
  p.notice_draft = post("/api/v1/notices",
                        {{"region_code", node}, {"title", p.marker + "草稿"}, {"body", p.marker + "正文"}}, "draft")
                       .at("id")
                       .as_int64();
  p.task = post(tid(p.topic4) + "/tasks",
                {{"title", p.marker + "任务"}, {"owner_name", p.marker + "网格员"}, {"due_on", "2099-01-01"}}, "task")
               .at("id")
               .as_int64();
}

}  // namespace wangge::testing
