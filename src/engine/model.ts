// The routing model shared by the readers, the solver, the checker and the writers.
// Units are whatever the instance uses (metres and seconds for Relais' own problems;
// the benchmark sets use their own abstract units). Indices are 0-based everywhere.

/** How a distance/duration matrix is derived from coordinates when none is given. */
export type Metric =
  | 'euc2d-round' // TSPLIB EUC_2D: Euclidean rounded to the nearest integer (CVRPLIB X)
  | 'euclidean' // exact Euclidean in double precision (Solomon)
  | 'euclidean-trunc1' // Euclidean truncated to one decimal (DIMACS convention, MTVRPTWR set)
  | 'haversine'; // great-circle metres; coordinates are [lon, lat] degrees

export interface TimeWindow {
  start: number;
  end: number;
}

/** Travel data for one vehicle profile: row-major n×n over `Problem.locationCount` locations. */
export interface ProfileMatrices {
  distance: Float64Array;
  duration: Float64Array;
}

export interface Job {
  /** External id, as given by the instance (CVRPLIB node number, VROOM job id, order id). */
  id: string;
  /** Index of the job's location (row/column of the matrices). */
  location: number;
  /** Demand per capacity dimension; length === Problem.dimensions. */
  demand: number[];
  /** Service duration at the location. */
  service: number;
  /** Allowed service start intervals, sorted and disjoint; empty means any time. */
  timeWindows: TimeWindow[];
  /** The job cannot leave its depot before this time (a trip departs only after all its jobs are released). */
  release: number;
  /**
   * Multi-trip: least time at the depot before the trip carrying this job departs, when longer than
   * the vehicle's reloadTime (a drone waiting for a charged battery pack). Unlike a release it is
   * relative to the vehicle's return, so the checker's start-time shift cannot absorb it. Set after
   * solving (dispatch) and honoured by the checker; the solver refuses problems that set it.
   */
  reloadBefore?: number;
  /** When true the job may be left unassigned at cost `penalty`; mandatory jobs must be served. */
  optional: boolean;
  penalty: number;
  /** Vehicle indices allowed to serve the job (skills, vehicle types, eligibility); undefined = any. */
  allowedVehicles?: number[];
}

export interface Vehicle {
  /** External id (VROOM vehicle id, fleet vehicle id, or a generated one). */
  id: string;
  /** Key into Problem.matrices. */
  profile: string;
  /** Location index where the route starts and ends; null = starts/ends at its first/last job (open route). */
  start: number | null;
  end: number | null;
  /** Capacity per dimension; length === Problem.dimensions. */
  capacity: number[];
  /** Working time: the route leaves `start` no earlier than shift.start and reaches `end` no later than shift.end. */
  shift: TimeWindow;
  /** Cost paid when the vehicle is used at all. */
  fixedCost: number;
  /** Cost per unit of distance travelled. */
  costPerDistance: number;
  /** Cost per unit of travel duration (waiting and service are not costed, as in VROOM). */
  costPerTime: number;
  /** Upper bounds per route (whole route, all trips); Infinity when absent. */
  maxDistance: number;
  maxDuration: number;
  /** Multi-trip: how many trips the vehicle may make from its start depot (1 = classic VRP). */
  maxTrips: number;
  /** Multi-trip: time spent at the depot between two trips (reload, battery swap). */
  reloadTime: number;
  /** Battery: an energy budget per trip with a payload-dependent draw per leg; absent = unlimited. */
  energy?: VehicleEnergy;
}

/**
 * Energy of one leg = t · (perLoad · m + base), t = the leg's travel time, m = the payload on board
 * (the load in `dimension`, decreasing as jobs are served). Each trip (from the depot back to it)
 * may use at most `budget`; a reload starts a trip with a fresh budget (battery swap or charge).
 * Units: energy per unit of time consistent with the duration matrix (e.g. W with seconds → J).
 */
export interface VehicleEnergy {
  /** Energy one trip may use: usable capacity minus the reserve kept at landing. */
  budget: number;
  /** Draw per unit of time with no payload (B). */
  base: number;
  /** Extra draw per unit of time per unit of payload (A). */
  perLoad: number;
  /** Capacity dimension that measures the payload. */
  dimension: number;
}

export interface Problem {
  name: string;
  /** Number of capacity dimensions (1 for CVRPLIB and Solomon). */
  dimensions: number;
  /** Number of distinct locations (matrix side). */
  locationCount: number;
  /** Coordinates per location when known (for neighbourhoods, plots, writers). */
  coordinates?: Array<[number, number]>;
  /** Metric the matrices were built with from coordinates, when they were. */
  metric?: Metric;
  /** Matrices per vehicle profile. */
  matrices: Record<string, ProfileMatrices>;
  /** Location indices that are depots (informational; vehicles name their own start/end). */
  depots: number[];
  jobs: Job[];
  vehicles: Vehicle[];
}

/** One vehicle's route: one or more trips, each an ordered list of job indices. */
export interface Route {
  vehicle: number;
  trips: number[][];
}

export interface Solution {
  routes: Route[];
  /** Job indices left unassigned. */
  unassigned: number[];
}

export interface CostBreakdown {
  fixed: number;
  distance: number;
  time: number;
  penalty: number;
  total: number;
}

/** Reported by the solver while it runs. */
export interface SolveProgress {
  elapsedMs: number;
  iteration: number;
  bestCost: number;
  bestFeasible: boolean;
}

export interface SolveOptions {
  seed?: number;
  /** Wall-clock budget in milliseconds (measured with `now`). */
  timeLimitMs?: number;
  /** Iteration budget (useful for deterministic tests). */
  maxIterations?: number;
  /** Injected clock: the engine reads no clock of its own. Defaults to Date.now via the caller. */
  now?: () => number;
  onProgress?: (p: SolveProgress) => void;
  /**
   * Warm start (e.g. the previous plan): routes of job indices per vehicle, checked like the
   * problem (bad indices → InvalidProblemError). Jobs it leaves out, or puts where they no longer
   * fit (vehicle not allowed, trips beyond maxTrips), are inserted at their cheapest positions;
   * it is then educated and competes as the first individual, so the result is never worse.
   */
  initialSolution?: Solution;
}

export const INF = Number.POSITIVE_INFINITY;

