#include "events/similar.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/error.h"
#include "core/text.h"
#include "events/http_routes.h"
#include "events/render.h"
#include "events/service.h"
#include "events/store_similar.h"
#include "territory/service.h"

namespace wangge::events {

namespace {

// The code points of a text without punctuation, spaces and symbols (ASCII letters and
// digits lower-cased; CJK kept).
std::vector<char32_t> similar_chars(const std::string& s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char32_t cp = 0;
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    if (i + static_cast<std::size_t>(len) > s.size()) break;
    cp = len == 1 ? c : len == 2 ? c & 0x1f : len == 3 ? c & 0x0f : c & 0x07;
    for (int k = 1; k < len; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3f);
    i += static_cast<std::size_t>(len);
    if (cp < 0x80) {
      if (std::isalnum(static_cast<int>(cp))) out.push_back(static_cast<char32_t>(std::tolower(static_cast<int>(cp))));
    } else if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf)) {
      out.push_back(cp);  // CJK ideographs; fullwidth punctuation and symbols are dropped
    } else if (cp >= 0xff10 && cp <= 0xff5a) {
      char32_t ascii = cp - 0xfee0;  // fullwidth digits and letters
      out.push_back(ascii >= 'A' && ascii <= 'Z' ? ascii + ('a' - 'A') : ascii);
    }
  }
  return out;
}

std::set<std::uint64_t> bigrams_of(const std::string& s) {
  auto chars = similar_chars(s);
  std::set<std::uint64_t> out;
  for (std::size_t i = 0; i + 1 < chars.size(); ++i)
    out.insert((static_cast<std::uint64_t>(chars[i]) << 32) | static_cast<std::uint64_t>(chars[i + 1]));
  if (chars.size() == 1) out.insert(static_cast<std::uint64_t>(chars[0]));
  return out;
}

constexpr double kMetresPerDegreeLat = 111'320.0;

}  // namespace

double text_similarity(const std::string& a, const std::string& b) {
  auto x = bigrams_of(a), y = bigrams_of(b);
  if (x.empty() || y.empty()) return 0.0;
  std::size_t common = 0;
  for (auto v : x) common += y.count(v);
  return 2.0 * static_cast<double>(common) / static_cast<double>(x.size() + y.size());
}

double similarity_score(const SimilarQuery& q, const Event& candidate, double distance_m, double radius_m,
                        double text) {
  double category = 0;
  if (!q.category_code.empty()) {
    if (candidate.category_code == q.category_code) {
      category = 1;
    } else if (candidate.category_code.substr(0, 2) == q.category_code.substr(0, 2)) {
      category = 0.5;
    }
  }
  double near = radius_m > 0 ? std::max(0.0, 1.0 - distance_m / radius_m) : 0.0;
  return 0.5 * text + 0.3 * category + 0.2 * near;
}

std::vector<Similar> Service::similar(storage::Tx& tx, const SimilarQuery& q, int limit) const {
  // The open events of the last duplicate_days within twice the duplicate radius (people
  // place the same pothole tens of metres apart), in the point's community.
  const double radius = duplicate_radius_m * 2;
  auto grid = territory_.locate_grid(q.lng, q.lat);
  if (!grid) return {};
  double dlat = radius / kMetresPerDegreeLat;
  double coslat = std::max(0.1, std::cos(q.lat * M_PI / 180.0));
  double dlng = dlat / coslat;
  std::int64_t since = q.at - static_cast<std::int64_t>(duplicate_days) * 86'400'000;
  std::string community = grid->path.substr(0, grid->path.rfind('/', grid->path.size() - 2) + 1);
  auto candidates = store::nearby_open(tx, community, q.lng - dlng, q.lat - dlat, q.lng + dlng, q.lat + dlat, since,
                                       q.exclude_id, 300);
  std::vector<Similar> out;
  for (auto& c : candidates) {
    if (!c.lat || !c.lng) continue;
    double y = (*c.lat - q.lat) * kMetresPerDegreeLat;
    double x = (*c.lng - q.lng) * kMetresPerDegreeLat * coslat;
    double d = std::sqrt(x * x + y * y);
    if (d > radius) continue;
    double text = text_similarity(q.description, c.description);
    double score = similarity_score(q, c, d, radius, text);
    // Alike enough: the same category nearby, or text as alike as two wordings of one
    // problem usually are.
    bool same_category = !q.category_code.empty() && c.category_code == q.category_code;
    if (!same_category && score < 0.35) continue;
    out.push_back({std::move(c), d, text, score});
  }
  std::sort(out.begin(), out.end(), [](const Similar& a, const Similar& b) { return a.score > b.score; });
  if (static_cast<int>(out.size()) > limit) out.resize(static_cast<std::size_t>(limit));
  return out;
}

void register_similar_routes(Service& svc, http::Router& router) {
  router.add(
      "POST", "/api/v1/events/similar",
      {.summary = "Possible duplicates of a report before it is filed: open events nearby, recent, alike",
       .tag = "events",
       .permission = "events:event:report",
       .request =
           schema::object({schema::req("lng", schema::number()), schema::req("lat", schema::number()),
                           schema::opt("category", schema::str(8)), schema::opt("description", schema::str(2000))}),
       .response = schema::object({schema::req(
           "items", schema::array(schema::object(
                        {schema::opt("id", schema::id()), schema::req("category_code", schema::str()),
                         schema::req("category_name_zh", schema::str()), schema::req("category_name_en", schema::str()),
                         schema::req("status", schema::str()), schema::req("status_name_zh", schema::str()),
                         schema::req("status_name_en", schema::str()), schema::req("created_at", schema::date_time()),
                         schema::req("distance_m", schema::number()), schema::req("similarity", schema::number())})))}),
       .statuses = {200, 400, 422}},
      [&svc](Context& ctx) {
        json::object body = json::parse_body(ctx.req());
        json::allow_only(body, {"lng", "lat", "category", "description"});
        auto coordinate = [&](const char* key, double lo, double hi) {
          auto it = body.find(key);
          if (it == body.end() || !it->value().is_number()) throw_validation(key, "a number is required", "须为数字");
          double v = it->value().to_number<double>();
          if (!(v >= lo && v <= hi)) throw_validation(key, "out of range", "超出范围");
          return v;
        };
        SimilarQuery q;
        q.lng = coordinate("lng", -180, 180);
        q.lat = coordinate("lat", -90, 90);
        q.category_code = json::opt_string(body, "category", 8).value_or("");
        q.description = json::opt_string(body, "description", 2000).value_or("");
        q.at = storage::now_ms();
        json::array items;
        svc.db().read([&](storage::Tx& tx) {
          for (const auto& s : svc.similar(tx, q, 5)) {
            const Event& e = s.event;
            Category c = svc.category_of(e);
            json::object o{{"category_code", e.category_code},
                           {"category_name_zh", c.name_zh},
                           {"category_name_en", c.name_en},
                           {"status", e.status},
                           {"created_at", json::rfc3339(e.created_at)},
                           {"distance_m", std::round(s.distance_m)},
                           {"similarity", std::round(s.score * 100) / 100}};
            for (const auto& st : states()) {
              if (st.state == e.status) {
                o["status_name_zh"] = std::string(st.name_zh);
                o["status_name_en"] = std::string(st.name_en);
              }
            }
            // Only those the caller may open carry their id (a resident sees that a
            // neighbour reported it, not the report).
            if (svc.can_read(tx, ctx, e)) o["id"] = e.id;
            items.push_back(std::move(o));
          }
        });
        return json::respond(200, json::object{{"items", std::move(items)}});
      });
}

}  // namespace wangge::events
