// A small hand-checkable drone: linear power P = 100·m + 500 W, round numbers everywhere.
import type { DroneSpec } from '../../../src/engine/drone/spec.js';

export const HAND_SPEC: DroneSpec = {
  id: 'vty_hand',
  name: 'hand-computed test drone',
  emptyMassKg: 3,
  maxPayloadKg: 4,
  batteryWh: 100,
  usableFraction: 0.9,
  reserveFraction: 0.2, // budget = 100 × 0.9 × 0.8 = 72 Wh = 259,200 J
  cruiseAirspeedMps: 20,
  climbMps: 5,
  descentMps: 5,
  cruiseAltitudeM: 50,
  deliveryAltitudeM: 10,
  hoverSecondsPerDelivery: 20,
  launchSeconds: 60,
  recoverySeconds: 30,
  turnaroundSeconds: 120,
  maxWindMps: 12,
  rainAllowed: false,
  temperatureRangeC: { min: 0, max: 40 },
  rotorCount: 4,
  rotorDiscAreaM2: 0.1,
  energy: { kind: 'linear', wattsPerKg: 100, baseW: 500 },
};
