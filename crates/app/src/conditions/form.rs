//! The assessor's form: drafts saved as typed (so a phone that loses its connection or its
//! battery loses nothing), and submission through the same service as the API.

use crate::conditions::assessments::{AssessmentView, FindingBody, NewAssessment};
use crate::policy::{self, Permission};
use crate::{Actor, App, AppError, Result};
use homeward_domain::Invalid;
use std::collections::BTreeMap;

/// The largest draft kept: the form's fields with every text at its longest fit well within.
const MAX_DRAFT_BYTES: usize = 96 * 1024;

/// A form as typed: field name → value. Names: `assessed_on`, `source_type`,
/// `status.<criterion>`, `evidence.<criterion>`, `obs.<criterion>.<item>`, and `corrects` (the
/// assessment a correction replaces).
pub type FormValues = BTreeMap<String, String>;

impl App {
    /// The area's name and the actor's saved draft for it (with when it was saved).
    pub async fn assessment_form(
        &self,
        actor: &Actor,
        pcode: &str,
    ) -> Result<(String, FormValues, Option<String>)> {
        policy::require(actor, Permission::SubmitAssessments)?;
        let area = self.store.area(pcode).await?.ok_or(AppError::NotFound)?;
        let (values, saved_at) = match self
            .store
            .assessment_draft(&actor.user_id, &area.pcode)
            .await?
        {
            Some((body, at)) => (serde_json::from_str(&body).unwrap_or_default(), Some(at)),
            None => (FormValues::new(), None),
        };
        Ok((area.name, values, saved_at))
    }

    /// Keeps the form as typed, valid or not, for this actor only.
    pub async fn save_assessment_draft(
        &self,
        actor: &Actor,
        pcode: &str,
        values: FormValues,
    ) -> Result<()> {
        policy::require(actor, Permission::SubmitAssessments)?;
        let area = self.store.area(pcode).await?.ok_or(AppError::NotFound)?;
        let known = |name: &str| {
            name == "assessed_on"
                || name == "source_type"
                || name == "corrects"
                || ["status.", "evidence.", "obs."]
                    .iter()
                    .any(|p| name.starts_with(p))
        };
        let kept: FormValues = values.into_iter().filter(|(k, _)| known(k)).collect();
        let body = serde_json::to_string(&kept).map_err(|e| AppError::Io(e.to_string()))?;
        if body.len() > MAX_DRAFT_BYTES {
            return Err(Invalid::one("/", "error-text-too-long").into());
        }
        let now = crate::clock::timestamp(time::OffsetDateTime::now_utc());
        self.store
            .put_assessment_draft(&actor.user_id, &area.pcode, &body, &now)
            .await?;
        Ok(())
    }

    /// Submits the form; the draft is dropped once the assessment is recorded.
    pub async fn submit_assessment_form(
        &self,
        actor: &Actor,
        pcode: &str,
        values: &FormValues,
    ) -> Result<AssessmentView> {
        let get = |k: &str| values.get(k).cloned().unwrap_or_default();
        let findings = self
            .criteria
            .criteria
            .iter()
            .map(|c| FindingBody {
                criterion: c.id.clone(),
                status: get(&format!("status.{}", c.id)),
                observations: c
                    .items
                    .iter()
                    .map(|i| (i.id.clone(), get(&format!("obs.{}.{}", c.id, i.id))))
                    .filter(|(_, v)| !v.trim().is_empty())
                    .collect(),
                evidence: get(&format!("evidence.{}", c.id)),
            })
            .collect();
        let input = NewAssessment {
            assessed_on: get("assessed_on"),
            source_type: get("source_type"),
            findings,
            corrects: values
                .get("corrects")
                .cloned()
                .filter(|c| !c.trim().is_empty()),
            organisation_id: None,
        };
        let view = self.submit_assessment(actor, pcode, input).await?;
        self.store
            .delete_assessment_draft(&actor.user_id, &view.pcode)
            .await?;
        Ok(view)
    }

    /// The form filled with one of the actor's organisation's assessments of the area, to be
    /// corrected: submitting it records a new assessment that replaces that one (the original
    /// stays, immutable, in the history).
    pub async fn correction_form(
        &self,
        actor: &Actor,
        pcode: &str,
        assessment_id: &str,
    ) -> Result<FormValues> {
        policy::require(actor, Permission::SubmitAssessments)?;
        let old = self.area_assessment(actor, assessment_id).await?;
        if old.pcode != pcode || old.organisation_id != actor.organisation_id {
            return Err(AppError::NotFound);
        }
        let mut values = FormValues::new();
        values.insert("corrects".into(), old.id);
        values.insert("assessed_on".into(), old.assessed_on);
        values.insert("source_type".into(), old.source_type);
        for f in old.findings {
            values.insert(format!("status.{}", f.criterion), f.status);
            values.insert(format!("evidence.{}", f.criterion), f.evidence);
            for (item, text) in f.observations {
                values.insert(format!("obs.{}.{item}", f.criterion), text);
            }
        }
        Ok(values)
    }

    /// The form field a problem pointer of [`Self::submit_assessment_form`] names.
    pub fn assessment_field(&self, pointer: &str) -> Option<String> {
        let parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
        match parts.as_slice() {
            [field @ ("assessed_on" | "source_type")] => Some((*field).to_owned()),
            ["findings", i, rest @ ..] => {
                let c = self.criteria.criteria.get(i.parse::<usize>().ok()?)?;
                match rest {
                    ["status"] => Some(format!("status.{}", c.id)),
                    ["evidence"] => Some(format!("evidence.{}", c.id)),
                    ["observations", item] => Some(format!("obs.{}.{item}", c.id)),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}
