"""OParl 1.1 (https://oparl.org/spezifikation/) read-only API under ``/oparl/v1/``."""
