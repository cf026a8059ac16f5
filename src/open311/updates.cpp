// FixMyStreet's extension to GeoReport v2 for status changes, both ways. Its client fetches
// them every few minutes to keep its reports in step (Open311::GetServiceRequestUpdates):
//   GET servicerequestupdates.{xml,json}?api_key=&start_date=&end_date=
// answers every status change in the period, oldest first, from the events' timelines:
// update_id (the timeline entry, stable and unique), service_request_id, status (the
// client's vocabulary: OPEN, INVESTIGATING, ACTION_SCHEDULED, IN_PROGRESS, FIXED, DUPLICATE,
// NO_FURTHER_ACTION, CANCELLED), external_status_code (our state), description (the
// comment written with the step, or the step's name), updated_datetime, media_url. And it
// posts what its users add to a report (Open311::PostServiceRequestUpdates):
//   POST servicerequestupdates.{xml,json}: api_key, service_request_id, update_id (the
//   client's), description, first_name?, last_name?, status? (its own state, kept in the
//   entry's detail only: our lifecycle moves by our staff's steps)
// which becomes the reporter's comment step on a request the client filed, answered with
// our update_id; the same client update_id again answers the same entry.
#include "core/dates.h"
#include "core/error.h"
#include "core/text.h"
#include "events/service.h"
#include "open311/open311.h"

namespace wangge::open311 {
namespace {

// Our states in the update vocabulary FixMyStreet's client maps to its own states.
std::string update_status(const std::string& state) {
  if (state == "at_grid" || state == "reported") return "OPEN";
  if (state == "accepted") return "INVESTIGATING";
  if (state == "dispatched") return "ACTION_SCHEDULED";
  if (state == "handling" || state == "handled") return "IN_PROGRESS";
  if (state == "closed") return "FIXED";
  if (state == "merged") return "DUPLICATE";
  if (state == "rejected") return "NO_FURTHER_ACTION";
  if (state == "withdrawn") return "CANCELLED";
  return "OPEN";
}

}  // namespace

void Service::register_update_routes(http::Router& router) {
  for (bool xml : {true, false}) {
    router.add(
        "POST", std::string("/open311/v2/servicerequestupdates") + (xml ? ".xml" : ".json"),
        {.summary = "Open311 (FixMyStreet's extension): what the client's users add to a request it filed, as the "
                    "reporter's comment (form-encoded, api_key)",
         .tag = "open311",
         .authenticated = false,
         .api_key = true,
         .request_media = "application/x-www-form-urlencoded",
         .request_body = "api_key, service_request_id, description, update_id? (the client's, for retries), "
                         "first_name?, last_name?, status?, updated_datetime?",
         .response = json_list(xml, "Open311UpdateCreated"),
         .statuses = {200, 400, 403, 404}},
        [this, xml](Context& ctx) {
          return guarded(xml, [&] {
            auto form = form_fields(ctx.req());
            if (!authenticate(ctx, first(form, "api_key")))
              return error(403, xml, "Invalid api_key received -- can't post the update.");
            auto id = json::parse_id(first(form, "service_request_id"));
            if (!id) return error(400, xml, "service_request_id was not provided");
            std::string description = first(form, "description");
            if (description.empty()) return error(400, xml, "description was not provided");
            json::object body{{"comment", text::truncate_utf8(description, 2000)}};
            if (auto u = first(form, "update_id"); !u.empty()) body["client_update_id"] = text::truncate_utf8(u, 64);
            std::string author = text::join_name(first(form, "first_name"), first(form, "last_name"));
            if (!author.empty() && author != "-") body["author"] = text::truncate_utf8(author, 50);
            auto done = events_.client_comment(ctx, *id, body);
            return render(200, xml, "service_request_updates", "request_update",
                          {{{"update_id", std::to_string(done.second)}}});
          });
        });
    router.add(
        "GET", std::string("/open311/v2/servicerequestupdates") + (xml ? ".xml" : ".json"),
        {.summary = "Open311 (FixMyStreet's extension): status changes of service requests in a period, oldest first "
                    "(api_key; public reads leave the descriptions out)",
         .tag = "open311",
         .authenticated = false,
         .api_key = true,
         .query = {{"api_key", "an issued key"},
                   {"start_date", "changes at or after (w3 datetime; default: 24 hours ago)"},
                   {"end_date", "changes at or before (default: now)"}},
         .response = json_list(xml, "Open311RequestUpdate"),
         .statuses = {200, 400, 403}},
        [this, xml](Context& ctx) {
          return guarded(xml, [&] {
            const auto& req = ctx.req();
            auto who = reader(req);
            if (who == Reader::none) return error(403, xml, "Invalid api_key received");
            std::int64_t now = storage::now_ms();
            std::int64_t to = dates::query_instant(req, "end_date", events_.calendar()).value_or(now);
            std::int64_t from = dates::query_instant(req, "start_date", events_.calendar()).value_or(to - 86'400'000);
            if (from > to)
              throw Error("invalid_query", "start_date", "start_date after end_date", "开始时间晚于结束时间");
            std::vector<Record> out;
            for (const auto& t : events_.changes_between(from, to, 5000)) {
              std::string description = t.comment;
              if (description.empty()) {
                for (const auto& s : events::states()) {
                  if (s.state == t.to_status) description = std::string(s.name_zh) + " / " + std::string(s.name_en);
                }
              }
              out.push_back(Record{{"update_id", std::to_string(t.id)},
                                   {"service_request_id", std::to_string(t.event_id)},
                                   {"status", update_status(t.to_status)},
                                   {"external_status_code", t.to_status},
                                   {"description", who == Reader::key ? description : std::string()},
                                   {"updated_datetime", json::rfc3339(t.at)},
                                   {"media_url", ""}});
            }
            return render(200, xml, "service_request_updates", "request_update", out);
          });
        });
  }
}

}  // namespace wangge::open311
