//! What Fn builds and deploys: a `func.yaml` and a Dockerfile per function in
//! deploy/oci/functions, each naming a function the binary runs, with configuration keys the
//! binary reads, on the root Dockerfile's `function` target.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::{CommandFactory, ValueEnum};
use server::functions::Function;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// `func.yaml`'s keys (flat, with `config:` entries as `config.<KEY>`); comments skipped.
fn func_yaml(text: &str) -> BTreeMap<String, String> {
    let mut keys = BTreeMap::new();
    let mut section = String::new();
    for line in text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
    {
        let (key, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("not key: value: {line}"));
        let value = value.trim().trim_matches('"').to_owned();
        if line.starts_with(' ') {
            keys.insert(format!("{section}.{}", key.trim()), value);
        } else if value.is_empty() {
            section = key.to_owned();
        } else {
            keys.insert(key.to_owned(), value);
        }
    }
    keys
}

/// Every environment variable `vision-stays function` reads (its own and the global ones).
fn function_env() -> Vec<String> {
    let cli = server::config::Cli::command();
    let function = cli
        .find_subcommand("function")
        .expect("the function command");
    cli.get_arguments()
        .chain(function.get_arguments())
        .filter_map(|a| a.get_env())
        .map(|e| e.to_string_lossy().into_owned())
        .collect()
}

#[test]
fn each_function_has_a_func_yaml_and_dockerfile_fn_can_deploy() {
    let dir = repo().join("deploy/oci/functions");
    let env = function_env();
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let folder = entry.unwrap().path();
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let yaml = func_yaml(&std::fs::read_to_string(folder.join("func.yaml")).unwrap());
        let key = |k: &str| yaml.get(k).map(String::as_str).unwrap_or_default();
        assert_eq!(key("schema_version"), "20180708", "{name}");
        assert_eq!(key("name"), name, "func.yaml names its folder's function");
        assert_eq!(
            key("runtime"),
            "docker",
            "{name}: built from its Dockerfile"
        );
        let memory: u32 = key("memory").parse().unwrap();
        let timeout: u32 = key("timeout").parse().unwrap();
        assert!((128..=1024).contains(&memory), "{name}: memory {memory} MB");
        assert!(
            (1..=300).contains(&timeout),
            "{name}: OCI allows at most 300 s, got {timeout}"
        );
        assert_eq!(key("config.VS_FUNCTION"), name, "{name}: VS_FUNCTION");
        Function::from_str(&name, false).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(key("config.VS_OCI_AUTH"), "resource-principal", "{name}");
        for config in yaml.keys().filter_map(|k| k.strip_prefix("config.")) {
            assert!(
                env.iter().any(|e| e == config),
                "{name}: the binary reads no {config}"
            );
        }
        let dockerfile = std::fs::read_to_string(folder.join("Dockerfile")).unwrap();
        assert!(
            dockerfile.contains("FROM ${IMAGE}"),
            "{name}: built on the one image"
        );
        assert!(
            dockerfile.contains(&format!("ENV VS_FUNCTION={name}")),
            "{name}"
        );
        found.push(name);
    }
    found.sort();
    let mut functions: Vec<String> = Function::value_variants()
        .iter()
        .map(|f| f.name().to_owned())
        .collect();
    functions.sort();
    assert_eq!(found, functions, "one folder per function the binary runs");
}

#[test]
fn the_image_has_a_function_target_and_serves_by_default_as_fn() {
    let dockerfile = std::fs::read_to_string(repo().join("Dockerfile")).unwrap();
    assert!(
        dockerfile.contains("useradd --uid 1000 --gid fn"),
        "OCI runs functions as fn (1000)"
    );
    assert!(dockerfile.contains("USER 1000:1000"));
    let stage = |name: &str| {
        let after = dockerfile.split(&format!(" AS {name}\n")).nth(1);
        let after = after.unwrap_or_else(|| panic!("a `{name}` target"));
        after.split("\nFROM ").next().unwrap().to_owned()
    };
    assert!(
        stage("function").contains(r#"ENTRYPOINT ["/usr/local/bin/vision-stays", "function"]"#),
        "{}",
        stage("function")
    );
    let serve = stage("serve");
    assert!(serve.contains(r#"CMD ["serve"]"#), "{serve}");
    assert!(
        serve.contains(r#"CMD ["/usr/local/bin/vision-stays", "healthcheck"]"#),
        "{serve}"
    );
    let last = dockerfile.rsplit("\nFROM ").next().unwrap();
    assert!(
        last.starts_with("base AS serve"),
        "serve is the default (last) target"
    );
}
