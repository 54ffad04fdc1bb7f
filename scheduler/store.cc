#include "scheduler/store.h"

#include <algorithm>
#include <vector>

namespace caseaudit {
namespace {

// A read transaction open on this thread, and whose it is.
struct OpenRead {
  const Store* store = nullptr;
  Transaction* transaction = nullptr;
};

// This thread's open reads, innermost last (reads of other stores may nest).
thread_local std::vector<OpenRead> open_reads;

Transaction* open_read_of(const Store& store) {
  const auto found = std::find_if(open_reads.rbegin(), open_reads.rend(),
                                  [&](const OpenRead& open) { return open.store == &store; });
  return found == open_reads.rend() ? nullptr : found->transaction;
}

// Registers `transaction` as an open read of `store` while alive.
class OpenReadMark {
 public:
  OpenReadMark(const Store& store, Transaction& transaction) {
    open_reads.push_back(OpenRead{&store, &transaction});
  }
  ~OpenReadMark() { open_reads.pop_back(); }
  OpenReadMark(const OpenReadMark&) = delete;
  OpenReadMark& operator=(const OpenReadMark&) = delete;
};

}  // namespace

void Store::read(const std::function<void(Transaction&)>& work) {
  if (Transaction* open = open_read_of(*this)) {
    work(*open);
    return;
  }
  read_transaction([&](Transaction& transaction) {
    const OpenReadMark mark(*this, transaction);
    work(transaction);
  });
}

}  // namespace caseaudit
