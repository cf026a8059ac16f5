// Constraint violations in the words of the API. The database enforces what a store cannot
// check without a race (a unique key taken by a concurrent write, a parent row deleted
// meanwhile); a store names the wangge::Error each violation means for its write, so that
// its callers and the HTTP handlers above them catch nothing from storage. A violation no
// store named reaches App::handle, which answers it generically (409 conflict, 422).
#pragma once

#include <exception>
#include <functional>
#include <utility>

#include "core/error.h"
#include "core/storage/database.h"

namespace wangge::storage {

// The error each kind of violation means; an empty entry leaves that kind as the DbError.
// Built only when a violation happens.
struct ConstraintErrors {
  std::function<Error()> unique;       // DbError::Kind::unique: usually already_exists
  std::function<Error()> foreign_key;  // DbError::Kind::foreign_key
  std::function<Error()> check;        // DbError::Kind::check
};

// Rethrows `error` (what a write threw), as the Error `as` names for a DbError of that
// kind, else unchanged. For deferred writes, whose failure arrives as an exception_ptr.
[[noreturn]] void rethrow_as(std::exception_ptr error, const ConstraintErrors& as);

// Runs fn (typically a Database::write) and answers what it answers; a DbError it throws
// is rethrown as rethrow_as does.
template <typename F>
decltype(auto) translate(const ConstraintErrors& as, F&& fn) {
  try {
    return std::forward<F>(fn)();
  } catch (const DbError&) {
    rethrow_as(std::current_exception(), as);
  }
}

}  // namespace wangge::storage
