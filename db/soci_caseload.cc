// SociTransaction as CaseloadRepository: the children's records by case reference.
#include "db/soci_transaction_parts.h"

namespace caseaudit::db {

Id SociTransaction::upsert_child(const Child& c) {
  return guarded("upsert_child", [&] {
    ChildStatements& st = child_statements();
    st.case_reference = c.case_reference;
    st.team_id = c.team_id;
    st.legal_status = to_string(c.legal_status);
    st.court_proceedings = c.court_proceedings ? 1 : 0;
    st.iro.set(to_stored(c.iro_id));
    st.allocated_worker.set(to_stored(c.allocated_worker_id));
    st.open = c.open ? 1 : 0;
    st.upsert.execute(true);
    return Id{st.id};
  });
}

std::optional<Child> SociTransaction::find_child_by_reference(const std::string& reference) {
  return guarded("find_child_by_reference", [&] {
    return read_one<Child>(statements_, sql::kSelectChildByReference, read_child, reference);
  });
}

std::optional<Child> SociTransaction::find_child(Id child_id) {
  return guarded("find_child", [&] {
    long long id = child_id;
    return read_one<Child>(statements_, sql::kSelectChildById, read_child, id);
  });
}

std::vector<Child> SociTransaction::children_audited_in(Month month) {
  return guarded("children_audited_in", [&] {
    const std::string text = month.to_string();
    return read_all<Child>(statements_, sql::kSelectChildrenAuditedIn, read_child, text);
  });
}

std::vector<Child> SociTransaction::children_with_concerns() {
  return guarded("children_with_concerns", [&] {
    return read_all<Child>(statements_, sql::kSelectChildrenWithConcerns, read_child);
  });
}

}  // namespace caseaudit::db
