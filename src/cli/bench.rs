//! `multiscope bench`: the standard Lennard-Jones benchmark.

use std::time::Instant;

use clap::Args;

use super::{CliError, with_threads};
use crate::md::{LennardJones, PairInteraction, Precision, RebuildPolicy, Simulation, simd};
use crate::scene::{BoxSize, Integration, Interactions, MAX_ATOMS, Scene, ThermostatSpec};

/// Arguments of `bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Number of atoms, rounded to the fcc size 4n³ at or above it.
    #[arg(long, default_value_t = 32000)]
    pub atoms: usize,
    /// Timed steps (after 50 untimed warm-up steps).
    #[arg(long, default_value_t = 1000)]
    pub steps: u64,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Benchmark the coarse-grained solvers instead (256² Kramers step, Langevin ensemble).
    #[arg(long)]
    pub coarse: bool,
    /// Force the SIMD path of the force kernels: simd128 (the 128-bit baseline every processor
    /// has; `scalar`, its former name, is accepted), avx2, avx512 or neon (default: the widest
    /// this processor has). A path the processor lacks is an error.
    #[arg(long)]
    pub isa: Option<String>,
    /// Arithmetic of the pair forces: mixed (f32 pair forces; the default, as in scenes) or
    /// double (the same forces on every SIMD path).
    #[arg(long, default_value = "mixed")]
    pub precision: String,
    /// Dynamic pruning margin δ of the cluster-pair list [σ] (0: no pruning; the forces are the
    /// same either way).
    #[arg(long, default_value_t = crate::md::DEFAULT_PRUNE_MARGIN)]
    pub prune_margin: f64,
}

/// Builds the benchmark system: fcc at ρ* = 0.8442, T* = 1.44, r_c = 2.5σ, skin 0.3σ, list
/// rebuilt every 20 steps without checking, NVE, Δt = 0.005 (the setting of LAMMPS' `bench/in.lj`).
/// With 4n³ atoms the host fills every site of an n×n×n fcc lattice.
pub fn benchmark_simulation(atoms: usize, precision: Precision) -> Result<Simulation, CliError> {
    if atoms > MAX_ATOMS {
        return Err(CliError::Usage(format!(
            "--atoms {atoms} is more than the {MAX_ATOMS} atoms multiscope can number with 32-bit \
             integers; use fewer (32000 is the standard benchmark)"
        )));
    }
    let cells = ((atoms as f64 / 4.0).cbrt().ceil() as usize).max(3);
    let lj = PairInteraction::LennardJones(LennardJones {
        epsilon: 1.0,
        sigma: 1.0,
        cutoff: 2.5,
        shift: false,
    });
    let scene = Scene {
        version: 1,
        description: "LJ benchmark".into(),
        seed: 12345,
        host_atoms: 4 * cells * cells * cells,
        box_size: BoxSize::Density(0.8442),
        temperature: 1.44,
        nanoparticle: None,
        interactions: Interactions {
            host_host: lj,
            host_nanoparticle: PairInteraction::None,
            nanoparticle_nanoparticle: PairInteraction::None,
        },
        integration: Integration {
            time_step: 0.005,
            skin: 0.3,
            equilibration_steps: 0,
            precision,
        },
        thermostat: ThermostatSpec::default(),
        field: Default::default(),
    };
    let name = "<benchmark>";
    // The same checks as a scene file gets (atom and neighbour-list limits), then the memory
    // check inside `build`, before anything is allocated.
    crate::scene::validate(&scene).map_err(|p| {
        CliError::Usage(format!(
            "--atoms {atoms}: `{}` {}; use fewer atoms",
            p.field, p.message
        ))
    })?;
    let mut sim = scene.build(name)?;
    sim.set_rebuild_policy(RebuildPolicy::Every(20));
    Ok(sim)
}

/// Runs the benchmark and prints atom-steps per second.
pub fn run(args: &BenchArgs) -> Result<(), CliError> {
    if args.coarse {
        println!(
            "{}",
            with_threads(args.threads, crate::coarse::bench_coarse)?
        );
        return Ok(());
    }
    let precision: Precision = args
        .precision
        .parse()
        .map_err(|e: String| CliError::Usage(format!("--precision: {e}")))?;
    let isa = match &args.isa {
        Some(name) => {
            let isa: simd::Isa = name
                .parse()
                .map_err(|e: String| CliError::Usage(format!("--isa: {e}")))?;
            simd::force(Some(isa)).map_err(|e| CliError::Usage(format!("--isa {name}: {e}")))?;
            isa
        }
        None => simd::active(),
    };
    let (n, threads, seconds, memory, lists) =
        with_threads(args.threads, || -> Result<_, CliError> {
            let mut sim = benchmark_simulation(args.atoms, precision)?;
            sim.set_prune_margin(args.prune_margin);
            sim.run(50)?;
            let prunes_before = sim.cluster_list().prunes();
            let start = Instant::now();
            sim.run(args.steps)?;
            let seconds = start.elapsed().as_secs_f64();
            let list = sim.cluster_list();
            let lists = (
                list.cluster_pairs(),
                list.inner_cluster_pairs(),
                list.prunes() - prunes_before,
            );
            Ok((
                sim.system.atoms(),
                rayon::current_num_threads(),
                seconds,
                peak_rss_bytes(),
                lists,
            ))
        })??;
    let (outer, inner, prunes) = lists;
    let rate = n as f64 * args.steps as f64 / seconds;
    if args.json {
        println!(
            "{}",
            serde_json::json!({
                "atoms": n, "steps": args.steps, "threads": threads,
                "seconds": seconds, "atom_steps_per_second": rate,
                "isa": isa.name(), "precision": precision.name(),
                "peak_rss_bytes": memory, "prune_margin": args.prune_margin,
                "cluster_pairs": outer, "inner_cluster_pairs": inner, "prunes": prunes,
            })
        );
    } else {
        println!(
            "LJ benchmark: {n} atoms, {} steps, {threads} thread(s), {} path, {} precision: \
             {seconds:.3} s, atom_steps_per_second = {rate:.4e}, peak memory {}; cluster pairs \
             {outer}, pruned (δ = {}σ) to {}, {prunes} prunes",
            args.steps,
            isa.name(),
            precision.name(),
            memory.map_or("unknown".to_string(), |b| format!(
                "{:.0} MiB",
                b as f64 / 1048576.0
            )),
            args.prune_margin,
            inner.map_or("-".to_string(), |i| i.to_string()),
        );
    }
    Ok(())
}

/// Peak resident memory of this process [bytes] (`VmHWM` of /proc/self/status; `None` where
/// that file does not exist).
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    crate::scene::kib_field(&status, "VmHWM:")
}
