#include "core/storage/errors.h"

namespace wangge::storage {

void rethrow_as(std::exception_ptr error, const ConstraintErrors& as) {
  try {
    std::rethrow_exception(error);
  } catch (const DbError& e) {
    const std::function<Error()>* make = nullptr;
    switch (e.kind()) {
      case DbError::Kind::unique:
        make = &as.unique;
        break;
      case DbError::Kind::foreign_key:
        make = &as.foreign_key;
        break;
      case DbError::Kind::check:
        make = &as.check;
        break;
      default:
        break;
    }
    if (make && *make) throw(*make)();
    throw;
  }
}

}  // namespace wangge::storage
