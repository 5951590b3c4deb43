# demo.mk - the demo flow of pm's Makefile, which includes it: make demo.
#
# data -> train -> evaluate -> monitor -> score, one pipelines/*.sh script a
# stage, with real file dependencies: nothing runs twice, and changing an
# input, a script or a tool re-runs only what depends on it.  A stage writes
# its files only when it succeeds.  On your own accounts:
#     make demo DATA=path/to/accounts.tsv NEW_WAVE=path/to/new_accounts.tsv
# and FOLDS=5 (or FOLDS=campaign_wave) CS=0.01,0.1,1 to choose C by cross-validation.
# With a campaign's economics the score stage also writes whom to contact
# (pm-target): what a responder is worth, what a contact costs, and
# optionally a budget, a capacity in contacts and a fixed cost:
#     make demo VALUE=200 COST=40 BUDGET=50000

.PHONY: data train evaluate monitor score demo clean-demo FORCE

DEMO_ROWS      ?= 20000
DEMO_SEED      ?= 42
DEMO_WAVE_ROWS ?= 5000
DEMO_WAVE_SEED ?= 43
DEMO_DRIFT     ?= 1.5
VALUE      ?=
COST       ?=
BUDGET     ?=
CAPACITY   ?=
FIXED_COST ?=
DATA     ?= data/raw/accounts.tsv
ifeq ($(DATA),data/raw/accounts.tsv)
NEW_WAVE ?= data/raw/new_wave.tsv
else
NEW_WAVE ?= $(DATA)
endif
# The new wave's label in reports/monitor_history.tsv (default: NEW_WAVE's
# file name without its extension).
WAVE     ?=

BIN   := $(BUILD)/bin
PIPES := $(SRC)/pipelines
LIBSH := $(PIPES)/lib.sh
# The stages run with this build's tools first on PATH.
# The user's own table (README, "On your own data"): the target column and
# its positive value, the columns that are not features, more spellings of a
# missing value, pm-fit --impute, and whether pm-features applies (auto: on
# pm-synth's columns; pm; none).
TARGET   ?= response_flag
POSITIVE ?=
EXCLUDE  ?= account_id,campaign_wave
NA       ?=
IMPUTE   ?=
FEATURES ?= auto
RUN   := PATH="$(BIN):$$PATH" PM_PIPELINES="$(PIPES)" TARGET='$(TARGET)' POSITIVE='$(POSITIVE)' \
         EXCLUDE='$(EXCLUDE)' NA='$(NA)' IMPUTE='$(IMPUTE)' FEATURES='$(FEATURES)'

# MODEL=trees makes the monitor and score stages use the boosted trees
# (models/trees.json); train and evaluate make and measure both models.
MODEL ?= logistic
ifeq ($(MODEL),trees)
MODEL_FILE := models/trees.json
SCORED_SUFFIX := _trees
else
MODEL_FILE := models/model.json
SCORED_SUFFIX :=
endif
TRAIN_OUT   := data/features.tsv data/train.tsv data/test.tsv models/model.json \
               models/trees.json reports/model_coefficients.tsv reports/trees_importance.tsv \
               reports/eda_binning_tables.tsv
EVAL_OUT    := data/train_scored.tsv data/test_scored.tsv data/train_scored_trees.tsv \
               data/test_scored_trees.tsv models/metrics.json models/metrics_trees.json \
               reports/metrics.tsv reports/lift_by_decile.tsv reports/calibration.tsv \
               reports/ks.tsv reports/roc_points.tsv reports/lift_by_decile.png reports/gains.png \
               reports/calibration_curve.png reports/roc.png reports/ks.png \
               reports/lift_by_decile_trees.tsv reports/lift_by_decile_trees.png \
               reports/gains_trees.png
MONITOR_OUT := data/new_wave_scored$(SCORED_SUFFIX).tsv reports/psi$(SCORED_SUFFIX).tsv \
               reports/psi_test$(SCORED_SUFFIX).tsv reports/psi$(SCORED_SUFFIX).png
SCORE_OUT   := reports/scored_output.tsv
# The economics the score stage ran with: rewritten only when they change,
# so that a new VALUE, COST or BUDGET re-runs the score stage and no more.
CAMPAIGN    := reports/campaign.txt
CAMPAIGN_IS := value=$(VALUE) cost=$(COST) budget=$(BUDGET) capacity=$(CAPACITY) fixed_cost=$(FIXED_COST)
CHART_DEPS  := $(BIN)/pm-chart $(CHARTS)
# What the train stage ran on, and the new wave the monitor stage read (see
# their rules below).
FLOW        := models/flow.txt
FLOW_IS     := data=$(DATA) target=$(TARGET) positive=$(POSITIVE) exclude=$(EXCLUDE) na=$(NA) \
               impute=$(IMPUTE) features=$(FEATURES) folds=$(FOLDS) cs=$(CS)
WAVE_STAMP  := reports/wave.txt
WAVE_IS     := new_wave=$(NEW_WAVE) wave=$(WAVE)

data: $(DATA) $(NEW_WAVE)
train: $(TRAIN_OUT)
evaluate: $(EVAL_OUT)
monitor: $(MONITOR_OUT)
score: $(SCORE_OUT)
demo: $(SCORE_OUT) reports/index.html reports/summary.txt

data/raw/accounts.tsv: $(BIN)/pm-synth
	@mkdir -p $(@D)
	$(BIN)/pm-synth -n $(DEMO_ROWS) -s $(DEMO_SEED) -o $@

data/raw/new_wave.tsv: $(BIN)/pm-synth
	@mkdir -p $(@D)
	$(BIN)/pm-synth -n $(DEMO_WAVE_ROWS) -s $(DEMO_WAVE_SEED) --drift $(DEMO_DRIFT) -o $@

$(TRAIN_OUT) &: $(DATA) $(FLOW) $(PIPES)/train.sh $(LIBSH) \
		$(addprefix $(BIN)/,pm-features pm-split pm-fit pm-coef pm-bin)
	@echo "pipelines/train.sh -i $(DATA)"
	@$(RUN) $(PIPES)/train.sh -i $(DATA)

$(EVAL_OUT) &: models/model.json models/trees.json data/train.tsv data/test.tsv $(PIPES)/evaluate.sh $(LIBSH) \
		$(CHART_DEPS) $(addprefix $(BIN)/,pm-predict pm-metrics pm-lift pm-calib pm-ks)
	@echo "pipelines/evaluate.sh"
	@$(RUN) $(PIPES)/evaluate.sh

$(MONITOR_OUT) &: $(MODEL_FILE) data/train_scored$(SCORED_SUFFIX).tsv \
		data/test_scored$(SCORED_SUFFIX).tsv $(NEW_WAVE) $(WAVE_STAMP) \
		$(PIPES)/monitor.sh $(LIBSH) $(CHART_DEPS) \
		$(addprefix $(BIN)/,pm-features pm-predict pm-psi)
	@echo "pipelines/monitor.sh -n $(NEW_WAVE)$(if $(WAVE), -w $(WAVE))"
	@$(RUN) MODEL=$(MODEL) WAVE='$(WAVE)' $(PIPES)/monitor.sh -n $(NEW_WAVE)

# What the train stage ran on, rewritten only when it changes: another
# table or its description (TARGET, POSITIVE, EXCLUDE, NA, IMPUTE, FEATURES),
# or another choice of C (FOLDS, CS), re-runs the flow from the train stage
# as a changed file does; the same ones nothing.  The new wave likewise for
# the monitor stage.
ifneq ($(shell cat $(FLOW) 2>/dev/null),$(strip $(FLOW_IS)))
$(FLOW): FORCE
endif
$(FLOW):
	@mkdir -p $(@D)
	@echo '$(strip $(FLOW_IS))' > $@
ifneq ($(shell cat $(WAVE_STAMP) 2>/dev/null),$(strip $(WAVE_IS)))
$(WAVE_STAMP): FORCE
endif
$(WAVE_STAMP):
	@mkdir -p $(@D)
	@echo '$(strip $(WAVE_IS))' > $@

ifneq ($(shell cat $(CAMPAIGN) 2>/dev/null),$(CAMPAIGN_IS))
$(CAMPAIGN): FORCE
endif
$(CAMPAIGN):
	@mkdir -p $(@D)
	@echo '$(CAMPAIGN_IS)' > $@

# The model the score stage used last, rewritten only when MODEL changes:
# switching models re-scores, and nothing else runs again.
ifneq ($(shell cat models/scored_by 2>/dev/null),$(MODEL))
models/scored_by: FORCE
endif
models/scored_by:
	@mkdir -p $(@D)
	@echo '$(MODEL)' > $@

$(SCORE_OUT): $(MODEL_FILE) models/scored_by $(DATA) $(PIPES)/score.sh $(LIBSH) $(CAMPAIGN) \
		$(addprefix $(BIN)/,pm-features pm-predict pm-target)
	@echo "pipelines/score.sh -i $(DATA)"
	@$(RUN) MODEL=$(MODEL) VALUE='$(VALUE)' COST='$(COST)' BUDGET='$(BUDGET)' \
	    CAPACITY='$(CAPACITY)' FIXED_COST='$(FIXED_COST)' $(PIPES)/score.sh -i $(DATA)

reports/summary.txt: reports/metrics.tsv reports/psi$(SCORED_SUFFIX).tsv \
		reports/psi_test$(SCORED_SUFFIX).tsv $(SCORE_OUT) \
		$(PIPES)/summary.sh $(LIBSH)
	@$(RUN) MODEL=$(MODEL) $(PIPES)/summary.sh > $@.tmp && mv $@.tmp $@
	@echo && cat $@

# The page for the people who decide (monitor.sh keeps the history beside psi.tsv).
reports/index.html: $(TRAIN_OUT) $(EVAL_OUT) $(MONITOR_OUT) models/scored_by $(BIN)/pm-report $(CHART_DEPS)
	@echo "pm-report -o $@"
	@$(RUN) pm-report --data '$(DATA)' -o $@

clean-demo:
	rm -rf data models reports
