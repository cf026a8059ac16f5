// Suggestions (suggest.h): retraining from the closed events, the answer, the routes.
#include "events/suggest.h"

#include <algorithm>
#include <cmath>

#include <spdlog/spdlog.h>

#include "core/error.h"
#include "events/rollup.h"
#include "events/service.h"
#include "events/store_suggest.h"
#include "territory/service.h"

namespace wangge::events {
namespace {

constexpr int kSuggestPage = 20000;            // closed events read a transaction
constexpr std::int64_t kCheckEveryMs = 10000;  // how often retrain_if_due reads the counters

double suggest_rounded_score(double x) {
  return std::round(x * 10000) / 10000;
}

// "「垃圾」「臭」" and "垃圾, 臭".
std::pair<std::string, std::string> suggest_quoted_words(const std::vector<std::string>& words) {
  std::string zh, en;
  for (const auto& w : words) {
    zh += "「" + w + "」";
    en += (en.empty() ? "" : ", ") + w;
  }
  return {zh, en};
}

json::object suggested_category_json(const Category& c, const CategoryGuess& g, bool place_known) {
  json::array words;
  for (const auto& w : g.words) words.emplace_back(w);
  std::string zh, en;
  if (!g.words.empty()) {
    auto [wzh, wen] = suggest_quoted_words(g.words);
    zh = "文中" + wzh + "多见于已办结的「" + c.name_zh + "」事件";
    en = "the words " + wen + " are frequent in closed cases of " + c.name_en;
  } else if (place_known) {
    zh = "文中没有可辨的说法，按本社区已办结事件中此类的多少推荐";
    en = "no telling words: suggested by how often it is reported in this community";
  } else {
    zh = "文中没有可辨的说法，按全平台已办结事件中此类的多少推荐";
    en = "no telling words: suggested by how often it is reported on the platform";
  }
  return json::object{{"code", c.code},
                      {"name_zh", c.name_zh},
                      {"name_en", c.name_en},
                      {"score", suggest_rounded_score(g.score)},
                      {"words", std::move(words)},
                      {"reason_zh", zh},
                      {"reason_en", en}};
}

json::object suggested_department_json(const Department& d, const DepartmentGuess& g, const Category* via) {
  std::string name_zh = via ? via->name_zh : g.category_code, name_en = via ? via->name_en : g.category_code;
  std::string n = std::to_string(g.handled), m = std::to_string(g.similar);
  std::string zh = std::string(g.here ? "本社区" : "全平台") + "已办结「" + name_zh + "」事件 " + m + " 件，其中 " + n +
                   " 件由该部门办理";
  std::string en = "handled " + n + " of " + m + " closed " + name_en + " cases " +
                   (g.here ? "in this community" : "on the platform");
  return json::object{{"id", d.id},      {"name", d.name}, {"kind", d.kind}, {"score", suggest_rounded_score(g.score)},
                      {"reason_zh", zh}, {"reason_en", en}};
}

}  // namespace

std::string suggest_community_of(const std::string& region_path) {
  std::string node = rollup::node_of(region_path);
  if (node.size() < 2 || node.back() != '/') return "";
  std::size_t start = node.rfind('/', node.size() - 2);
  std::string code = node.substr(start + 1, node.size() - start - 2);
  return code.size() == 12 ? code : "";
}

Suggestions::Suggestions(Service& svc) : svc_(svc), model_(std::make_shared<const SuggestModel>()) {}

std::size_t Suggestions::retrain(storage::Database& db) {
  std::lock_guard lock(retrain_mu_);
  const std::int64_t started = storage::now_ms();
  // Counted first: what closes while the cases are read counts towards the next training.
  const std::int64_t closed = db.read_value<std::int64_t>([](storage::Tx& tx) { return store::closed_total(tx); });
  std::vector<SuggestExample> examples;
  for (std::int64_t before = 0; examples.size() < max_examples;) {
    int page = static_cast<int>(std::min<std::size_t>(kSuggestPage, max_examples - examples.size()));
    auto rows = db.read_value<std::vector<store::ClosedCase>>(
        [&](storage::Tx& tx) { return store::closed_cases(tx, before, page); });
    for (auto& r : rows) {
      examples.push_back({std::move(r.description), std::move(r.category_code), suggest_community_of(r.region_path),
                          r.department_id.value_or(0)});
    }
    if (static_cast<int>(rows.size()) < page) break;
    before = rows.back().id;
  }
  SuggestParams params;
  params.min_count = examples.size() >= 20000 ? 2 : 1;  // a large history: drop what was seen once
  auto model = std::make_shared<SuggestModel>(SuggestModel::train(examples, params));
  model->set_trained_at(storage::now_ms());
  model_.store(std::move(model));
  closed_at_training_ = closed;
  // Said once a training: the first one reads up to max_examples events at startup, which a
  // benchmark waits for (bench/scale_bench.sh) and an operator may want to see.
  spdlog::info("suggestions: trained on {} closed events in {} ms", examples.size(), storage::now_ms() - started);
  return examples.size();
}

std::int64_t Suggestions::closed_since_training(storage::Database& db) {
  std::int64_t now = db.read_value<std::int64_t>([](storage::Tx& tx) { return store::closed_total(tx); });
  return std::max<std::int64_t>(0, now - closed_at_training_.load());
}

bool Suggestions::retrain_if_due(storage::Database& db, std::int64_t now_ms) {
  const std::int64_t trained_at = model_.load()->trained_at();
  if (trained_at == 0) {
    retrain(db);
    return true;
  }
  if (now_ms - checked_at_.load() < kCheckEveryMs) return false;
  checked_at_ = now_ms;
  const std::int64_t since = closed_since_training(db);
  if (since >= retrain_closures || (since > 0 && now_ms - trained_at >= retrain_interval_ms)) {
    retrain(db);
    return true;
  }
  return false;
}

json::object Suggestions::answer(storage::Tx& tx, const Context& ctx, std::string_view text,
                                 const std::string& region_path, bool with_departments) const {
  auto model = model_.load();
  const std::string community = region_path.empty() ? std::string() : suggest_community_of(region_path);
  // More than shown: inactive categories and departments outside the caller's line drop out.
  Suggestion s = model->suggest(text, community, 6, 20);
  auto categories = svc_.category_list();
  auto category = [&](const std::string& code) -> const Category* {
    auto it = std::find_if(categories->begin(), categories->end(), [&](const Category& c) { return c.code == code; });
    return it == categories->end() ? nullptr : &*it;
  };
  json::array cats;
  for (const auto& g : s.categories) {
    const Category* c = category(g.code);
    if (!c || !c->active) continue;
    cats.push_back(suggested_category_json(*c, g, model->knows_place(community)));
    if (cats.size() == 3) break;
  }
  json::object out{
      {"categories", std::move(cats)},
      {"trained_on", static_cast<std::int64_t>(model->examples())},
      {"trained_at", model->trained_at() > 0 ? json::value(json::rfc3339(model->trained_at())) : json::value(nullptr)}};
  if (!with_departments) return out;
  auto departments = store::departments(tx, {"/"});
  auto scope = ctx.user().scope("events:event:dispatch");
  json::array deps;
  for (const auto& g : s.departments) {
    auto d = std::find_if(departments.begin(), departments.end(), [&](const Department& x) { return x.id == g.id; });
    if (d == departments.end() || !d->active) continue;
    // Departments over the caller's territory and within it, as GET /departments lists them.
    bool on_line = std::any_of(scope.begin(), scope.end(), [&](const std::string& p) {
      return path_within(d->region_path, p) || path_within(p, d->region_path);
    });
    if (!on_line) continue;
    deps.push_back(suggested_department_json(*d, g, category(g.category_code)));
    if (deps.size() == 3) break;
  }
  out["departments"] = std::move(deps);
  return out;
}

void register_suggest_routes(Service& svc, Suggestions& suggestions, http::Router& router) {
  register_suggest_schemas(router.components());
  using namespace schema;
  router.add(
      "POST", "/api/v1/events/suggest",
      {.summary = "Suggested categories of a report being written (and departments, for dispatchers), learnt from "
                  "closed events",
       .tag = "events",
       .permission = "events:event:report",
       .request = object({req("description", str(2000, 1)), opt("lng", nullable(number())),
                          opt("lat", nullable(number())), opt("grid_code", nullable(str(24)))},
                         closed),
       .response = ref("EventSuggestion"),
       .statuses = {200, 403, 422},
       .runs = http::Runs::local_reads,
       .load = http::Load::read},
      [&svc, &suggestions](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"description", "lng", "lat", "grid_code"});
        std::string text = json::get_string(body, "description", 2000);
        auto number = [&](const char* key) -> std::optional<double> {
          auto it = body.find(key);
          if (it == body.end() || it->value().is_null()) return std::nullopt;
          if (!it->value().is_number()) throw_validation(key, "must be a number", "应为数字");
          return it->value().to_number<double>();
        };
        auto lat = number("lat"), lng = number("lng");
        if (lat.has_value() != lng.has_value()) throw_validation("lng", "lat and lng go together", "经纬度须同时提供");
        auto grid = json::opt_string(body, "grid_code", 24);
        std::string path;  // the place; none: the platform's prior
        if (grid && !grid->empty()) {
          auto region = svc.territory().find(*grid, false);
          if (!region) throw_validation("grid_code", "no grid " + *grid, "网格 " + *grid + " 不存在");
          path = region->path;
        } else if (lat && lng) {
          if (auto located = svc.territory().locate_grid(*lng, *lat)) path = located->path;
        }
        json::object out;
        svc.db().read([&](storage::Tx& tx) {
          out = suggestions.answer(tx, ctx, text, path, ctx.user().can_somewhere("events:event:dispatch"));
        });
        return json::respond(200, out);
      });
  router.add("GET", "/api/v1/events/{id}/suggest",
             {.summary = "Suggested categories and departments of an event, for its dispatcher",
              .tag = "events",
              .permission = "events:event:dispatch",
              .response = ref("EventSuggestion"),
              .statuses = {200, 403, 404}},
             [&svc, &suggestions](Context& ctx) {
               json::object out;
               svc.db().read([&](storage::Tx& tx) {
                 Event e = svc.visible(tx, ctx, json::path_id(ctx.req(), "id"));
                 ctx.require("events:event:dispatch", e.handling_path);
                 out = suggestions.answer(tx, ctx, e.description, e.region_path, true);
               });
               return json::respond(200, out);
             });
}

}  // namespace wangge::events
