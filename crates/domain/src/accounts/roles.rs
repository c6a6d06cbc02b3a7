//! The roles a user can hold in an organisation (DESIGN.md section 3).

use crate::macros::string_enum;

string_enum! {
    /// What a user may do depends on the role it holds; the policy lives in the application layer.
    Role {
        Caseworker = "caseworker",
        Supervisor = "supervisor",
        Monitor = "monitor",
        Assessor = "assessor",
        ProgrammeManager = "programme_manager",
        Finance = "finance",
        Dpo = "dpo",
        Auditor = "auditor",
        Admin = "admin",
    }
}
