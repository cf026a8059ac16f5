// 议前调研 (research before deliberation, seed 001): notes, documents, records of visits and
// interviews with their attachments, and simple surveys of residents (single choice,
// multiple choice, free text), one response per account while the survey is open.
#include <boost/json/parse.hpp>

#include "audit/audit.h"
#include "core/error.h"
#include "deliberation/service.h"
#include "deliberation/store.h"

namespace wangge::deliberation {
namespace {

// A survey's questions, checked: 1-20 of {text, type, options (2-10, for choices)}.
json::array checked_questions(const json::array& qs) {
  if (qs.empty() || qs.size() > 20) throw_validation("questions", "1 to 20 questions", "问题应为 1 到 20 个");
  json::array out;
  for (const auto& q : qs) {
    if (!q.is_object()) throw_validation("questions", "objects with text and type", "每个问题应包含题目和题型");
    const auto& o = q.as_object();
    json::allow_only(o, {"text", "type", "options"});
    static constexpr const char* kTypes[] = {"single", "multiple", "text"};
    std::string type = json::one_of(o, "type", kTypes);
    json::object clean{{"text", json::get_string(o, "text", 200)}, {"type", type}};
    if (type != "text") {
      const auto* opts = o.if_contains("options");
      if (!opts || !opts->is_array() || opts->as_array().size() < 2 || opts->as_array().size() > 10)
        throw_validation("options", "2 to 10 options for a choice", "选择题应有 2 到 10 个选项");
      json::array clean_opts;
      for (const auto& x : opts->as_array()) {
        if (!x.is_string() || x.as_string().empty() || x.as_string().size() > 300)
          throw_validation("options", "non-empty texts", "选项不能为空");
        clean_opts.push_back(x);
      }
      clean["options"] = clean_opts;
    }
    out.push_back(clean);
  }
  return out;
}

// The answers to `questions`, checked: one per question, of its type.
json::array checked_answers(const json::array& questions, const json::array& answers) {
  if (answers.size() != questions.size()) throw_validation("answers", "one answer per question", "应逐题作答");
  json::array out;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const auto& q = questions[i].as_object();
    std::string type(q.at("type").as_string());
    const auto& a = answers[i];
    auto n = type == "text" ? 0 : static_cast<std::int64_t>(q.at("options").as_array().size());
    auto bad = [&] {
      throw_validation("answers", "answer " + std::to_string(i + 1) + " does not fit its question",
                       "第 " + std::to_string(i + 1) + " 题的答案不符合题型");
    };
    if (type == "single") {
      if (!a.is_int64() || a.as_int64() < 0 || a.as_int64() >= n) bad();
      out.push_back(a);
    } else if (type == "multiple") {
      if (!a.is_array() || a.as_array().empty()) bad();
      std::vector<bool> seen(static_cast<std::size_t>(n), false);
      for (const auto& x : a.as_array()) {
        if (!x.is_int64() || x.as_int64() < 0 || x.as_int64() >= n || seen[static_cast<std::size_t>(x.as_int64())])
          bad();
        seen[static_cast<std::size_t>(x.as_int64())] = true;
      }
      out.push_back(a);
    } else {
      if (!a.is_string() || a.as_string().size() > 3000 || !json::valid_text(a.as_string())) bad();
      out.push_back(a);
    }
  }
  return out;
}

}  // namespace

Note Service::add_note(storage::Tx& tx, const Context& ctx, std::int64_t topic_id, Note n,
                       const std::vector<std::string>& attachments) {
  Topic t = managed_topic(tx, ctx, topic_id);
  require_stage(t, "researching", "Research notes", "记录调研情况");
  n.topic_id = topic_id;
  n.author_id = ctx.user().user_id;
  n.at = storage::now_ms();
  json::array hashes;
  for (const auto& h : attachments) hashes.emplace_back(h);
  n.attachments = json::to_text(hashes);
  n.id = store::insert_note(tx, n);
  if (!attachments.empty() && link_) link_(tx, ctx, attachments, "topic_note", n.id);
  record(tx, ctx, t, "note", t.status, "", json::object{{"note", n.id}, {"kind", n.kind}});
  return n;
}

Survey Service::create_survey(storage::Tx& tx, const Context& ctx, std::int64_t topic_id, Survey s) {
  Topic t = managed_topic(tx, ctx, topic_id);
  require_stage(t, "researching", "Surveys", "发起问卷");
  boost::system::error_code ec;
  auto qs = boost::json::parse(s.questions, ec);
  if (ec || !qs.is_array()) throw_validation("questions", "an array of questions", "问题应为数组");
  s.questions = json::to_text(checked_questions(qs.as_array()));
  s.topic_id = topic_id;
  s.created_by = ctx.user().user_id;
  s.created_at = storage::now_ms();
  if (s.closes_at && *s.closes_at <= s.created_at)
    throw_validation("closes_at", "a time in the future", "截止时间应晚于现在");
  s.id = store::insert_survey(tx, s);
  record(tx, ctx, t, "survey", t.status, "", json::object{{"survey", s.id}});
  std::vector<std::int64_t> told = store::followers(tx, t);
  tell(tx, told, ctx, "topic.survey", t, "请参与议题问卷：" + s.title, "A survey on the topic: " + s.title);
  return s;
}

void Service::respond(storage::Tx& tx, const Context& ctx, std::int64_t survey_id, const json::array& answers) {
  auto s = store::survey(tx, survey_id);
  if (!s) throw_not_found("no survey " + std::to_string(survey_id), "问卷 " + std::to_string(survey_id) + " 不存在");
  Topic t = readable_topic(tx, ctx, s->topic_id);
  std::int64_t now = storage::now_ms();
  if (s->status != "open" || (s->closes_at && now >= *s->closes_at))
    throw Error("conflict", {}, "the survey is closed", "问卷已结束");
  auto qs = boost::json::parse(s->questions).as_array();
  auto clean = checked_answers(qs, answers);
  if (!store::insert_response(tx, survey_id, ctx.user().user_id, json::to_text(clean), now))
    throw Error("conflict", {}, "you have answered this survey already", "您已填写过该问卷");
  audit::append(tx, audit::entry(ctx, "deliberation:survey:respond", "survey:" + std::to_string(survey_id)));
}

Survey Service::close_survey(storage::Tx& tx, const Context& ctx, std::int64_t survey_id) {
  auto s = store::survey(tx, survey_id);
  if (!s) throw_not_found("no survey " + std::to_string(survey_id), "问卷 " + std::to_string(survey_id) + " 不存在");
  Topic t = managed_topic(tx, ctx, s->topic_id);
  std::int64_t now = storage::now_ms();
  if (!store::close_survey(tx, survey_id, now))
    throw Error("conflict", {}, "the survey is closed already", "问卷已结束");
  s->status = "closed";
  s->closed_at = now;
  record(tx, ctx, t, "survey_closed", t.status, "", json::object{{"survey", survey_id}, {"responses", s->responses}});
  return *s;
}

json::object Service::survey_results(storage::Tx& tx, const Context& ctx, const Survey& s) const {
  auto qs = boost::json::parse(s.questions).as_array();
  Topic t = readable_topic(tx, ctx, s.topic_id);
  const bool manager = manages(ctx, t.council_path);
  json::array out;
  std::vector<std::vector<std::int64_t>> counts(qs.size());
  std::vector<json::array> texts(qs.size());
  for (std::size_t i = 0; i < qs.size(); ++i) {
    const auto& q = qs[i].as_object();
    if (q.at("type").as_string() != "text") counts[i].assign(q.at("options").as_array().size(), 0);
  }
  for (const auto& text : store::responses(tx, s.id)) {
    auto a = boost::json::parse(text).as_array();
    for (std::size_t i = 0; i < qs.size() && i < a.size(); ++i) {
      if (a[i].is_int64()) {
        ++counts[i][static_cast<std::size_t>(a[i].as_int64())];
      } else if (a[i].is_array()) {
        for (const auto& x : a[i].as_array()) ++counts[i][static_cast<std::size_t>(x.as_int64())];
      } else if (manager && a[i].is_string() && !a[i].as_string().empty()) {
        texts[i].push_back(a[i]);
      }
    }
  }
  for (std::size_t i = 0; i < qs.size(); ++i) {
    json::object q = qs[i].as_object();
    if (!counts[i].empty()) {
      json::array c;
      for (auto n : counts[i]) c.emplace_back(n);
      q["counts"] = c;
    } else if (manager) {
      q["answers"] = texts[i];
    }
    out.push_back(q);
  }
  return json::object{{"responses", s.responses}, {"questions", out}};
}

}  // namespace wangge::deliberation
