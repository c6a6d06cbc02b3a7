//! The journal events of areas: imports, assessments, status changes and boundaries.

use crate::conditions::area::AreaLevel;
use crate::conditions::assessment::{Finding, SourceType};
use crate::conditions::status::{AreaStatus, StatusReason};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaImported {
    pub pcode: String,
    pub name: String,
    pub level: AreaLevel,
    pub parent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaAssessed {
    pub id: Uuid,
    pub pcode: String,
    pub organisation_id: Uuid,
    /// YYYY-MM-DD: the date the evidence describes.
    pub assessed_on: String,
    pub source_type: SourceType,
    /// The criteria configuration the findings answer.
    pub criteria_version: String,
    pub corrects: Option<Uuid>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaStatusChanged {
    pub pcode: String,
    pub status: AreaStatus,
    pub previous: Option<AreaStatus>,
    pub reason: StatusReason,
    /// YYYY-MM-DD of the newest evidence counted.
    pub evidence_on: Option<String>,
    pub criteria_version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaBoundarySet {
    pub pcode: String,
    /// Polygons of rings of [longitude, latitude] in millionths of a degree.
    pub polygons: crate::conditions::geo::Geometry,
}
