// Suggested category and department of a report (docs/EVENTS.md, "Suggested category and
// department"): the model (suggest_model.h) learnt from the latest closed events, retrained
// in the background as cases close and swapped in whole, and the routes that answer with
// it: POST /api/v1/events/suggest (a report being written: the resident's form preselects
// the first category) and GET /api/v1/events/{id}/suggest (the dispatcher's view).
//
// Thread safety: every member may be called from any thread; suggestions read the model
// they took while a retraining builds the next one.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/context.h"
#include "core/http/router.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "events/suggest_model.h"

namespace wangge::events {

class Service;

class Suggestions {
 public:
  explicit Suggestions(Service& svc);

  // Reads the latest closed events (at most max_examples, newest first: description,
  // category, community, department) and trains a model, which then answers every
  // suggestion. Answers the examples learnt from. One retraining at a time.
  std::size_t retrain(storage::Database& db);
  // Events closed since the model was trained (from the statistics counters; a reopened
  // event counts back). Before the first training: all closed events.
  std::int64_t closed_since_training(storage::Database& db);
  // The scheduler's call, every second and on every node (each answers from its own
  // model): retrains when no model was trained yet, after retrain_closures closures, or
  // retrain_interval_ms after the last training when anything closed since. The counters
  // are read at most every 10 s. Whether it retrained.
  bool retrain_if_due(storage::Database& db, std::int64_t now_ms);

  std::shared_ptr<const SuggestModel> model() const { return model_.load(); }

  // The answer of both routes for `text` at the place `region_path` ("" = none: the
  // platform's prior): the first three active categories with their scores, words and
  // reasons; with_departments adds the first three active departments on the line of the
  // caller's dispatch scope. Reads the departments in tx.
  json::object answer(storage::Tx& tx, const Context& ctx, std::string_view text, const std::string& region_path,
                      bool with_departments) const;

  std::size_t max_examples = 200000;
  std::int64_t retrain_closures = 500;
  std::int64_t retrain_interval_ms = 10 * 60 * 1000;

 private:
  Service& svc_;
  std::atomic<std::shared_ptr<const SuggestModel>> model_;
  std::mutex retrain_mu_;
  std::atomic<std::int64_t> closed_at_training_{0};
  std::atomic<std::int64_t> checked_at_{0};
};

// The community code ("440404104001") of a region path at or below a community; "" for a
// path above one. What the model's place is.
std::string suggest_community_of(const std::string& region_path);

// The routes (this file's .cpp) and their answer's schema (suggest_schemas.cpp).
void register_suggest_routes(Service& svc, Suggestions& suggestions, http::Router& router);
void register_suggest_schemas(schema::Components& c);

}  // namespace wangge::events
