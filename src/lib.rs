//! errbook turns an error-code catalog written in Markdown into a typed
//! model, lints it, and (in later stages) renders and indexes it.
//!
//! The pipeline runs one way: [`config`] and [`source`] read, [`parse`]
//! builds the [`model`], [`lint`] validates it and [`report`] prints the
//! findings. Commands in [`cmd`] wire the stages together; `main.rs` only
//! dispatches.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod error;
pub mod lint;
pub mod model;
pub mod parse;
pub mod report;
pub mod source;
