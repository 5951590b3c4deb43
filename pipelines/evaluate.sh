#!/bin/sh
# evaluate.sh - the evaluation stage: score train and test with both models, measure, chart.
#
# Reads:   MODEL_DIR/model.json and MODEL_DIR/trees.json, DATA_DIR/train.tsv, DATA_DIR/test.tsv
# Writes:  DATA_DIR/train_scored.tsv, DATA_DIR/test_scored.tsv   rows with the
#          logistic model's score; DATA_DIR/train_scored_trees.tsv,
#          DATA_DIR/test_scored_trees.tsv   with the trees' score
#          MODEL_DIR/metrics.json   AUC, KS, Brier, log loss, top-20% rate and lift,
#                                   for train and for test, with intervals at
#                                   CI_LEVEL (0.95): DeLong's for the AUC,
#                                   Wilson's for the rates (the logistic model);
#          MODEL_DIR/metrics_trees.json   the same for the trees
#          REPORTS_DIR/metrics.tsv  the same as TSV, a row per model and part
#          REPORTS_DIR/lift_by_decile.tsv, calibration.tsv, ks.tsv   test set tables
#                                   (the lift table with Wilson's interval per decile)
#          REPORTS_DIR/roc_points.tsv   the ROC curve: pm-ks --table at every distinct score
#          REPORTS_DIR/lift_by_decile.png, gains.png, calibration_curve.png,
#          roc.png, ks.png          the charts (the logistic model)
#          REPORTS_DIR/lift_by_decile_trees.tsv, lift_by_decile_trees.png,
#          gains_trees.png          the trees' lift and gains
#
# Options: -d DATA_DIR  -m MODEL_DIR  -r REPORTS_DIR, or the environment.
. "$(dirname "$0")/lib.sh"

CI_LEVEL=${CI_LEVEL:-0.95}

while getopts d:m:r:h opt; do
    case $opt in
    d) DATA_DIR=$OPTARG ;;
    m) MODEL_DIR=$OPTARG ;;
    r) REPORTS_DIR=$OPTARG ;;
    h) show_help ;;
    *) usage_error "unknown option" ;;
    esac
done
shift $((OPTIND - 1))
no_operands "$@"
need "$MODEL_DIR/model.json" "$MODEL_DIR/trees.json" "$DATA_DIR/train.tsv" "$DATA_DIR/test.tsv"
start_work

# measure MODEL_FILE SUFFIX: scored parts and metrics of one model.
measure() {
    for part in train test; do
        pm-predict -m "$1" ${NA:+--na "$NA"} -o "$WORK/${part}_scored$2.tsv" -- "$DATA_DIR/$part.tsv"
    done
    # One table of target, score and part, for the metrics of both parts at once.
    for part in train test; do
        checked pm-predict -m "$1" ${NA:+--na "$NA"} -k "$TARGET" -- "$DATA_DIR/$part.tsv" |
            awk -v part="$part" -v first="$([ $part = train ] && echo 1)" \
                'BEGIN { OFS = "\t" } NR == 1 { if (first) print $0, "split"; next } { print $0, part }'
    done > "$WORK/both.tsv"
    pipe_ok
    pm-metrics -m "$1" --by split --ci "$CI_LEVEL" -o "$WORK/metrics$2.json" "$WORK/both.tsv"
    pm-metrics -m "$1" --by split --ci "$CI_LEVEL" --tsv -o "$WORK/metrics$2.tsv" "$WORK/both.tsv"
}
measure "$MODEL_DIR/model.json" ""
measure "$MODEL_DIR/trees.json" _trees

# metrics.tsv: both models, a model column first.
{
    awk 'NR == 1 { print "model\t" $0; next } { print "logistic\t" $0 }' "$WORK/metrics.tsv"
    awk 'NR > 1 { print "trees\t" $0 }' "$WORK/metrics_trees.tsv"
} > "$WORK/metrics_both.tsv"

test_scored=$WORK/test_scored.tsv
pm-lift -m "$MODEL_DIR/model.json" --ci "$CI_LEVEL" -o "$WORK/lift_by_decile.tsv" "$test_scored"
pm-lift -m "$MODEL_DIR/trees.json" --ci "$CI_LEVEL" -o "$WORK/lift_by_decile_trees.tsv" "$WORK/test_scored_trees.tsv"
pm-calib -m "$MODEL_DIR/model.json" -o "$WORK/calibration.tsv" "$test_scored"
pm-ks -m "$MODEL_DIR/model.json" --table -o "$WORK/ks.tsv" "$test_scored"
pm-ks -m "$MODEL_DIR/model.json" --table -g 0 -o "$WORK/roc_points.tsv" "$test_scored"

pm-chart lift -t 'Lift by decile (test)' -o "$WORK/lift_by_decile.png" "$WORK/lift_by_decile.tsv"
pm-chart gains -t 'Cumulative gains (test)' -o "$WORK/gains.png" "$WORK/lift_by_decile.tsv"
pm-chart lift -t 'Lift by decile, trees (test)' -o "$WORK/lift_by_decile_trees.png" \
    "$WORK/lift_by_decile_trees.tsv"
pm-chart gains -t 'Cumulative gains, trees (test)' -o "$WORK/gains_trees.png" \
    "$WORK/lift_by_decile_trees.tsv"
pm-chart reliability -t 'Calibration (test)' -o "$WORK/calibration_curve.png" "$WORK/calibration.tsv"
pm-chart roc -t 'ROC curve (test)' -o "$WORK/roc.png" "$WORK/roc_points.tsv"
pm-chart ks -t 'KS curve (test)' -o "$WORK/ks.png" "$WORK/ks.tsv"

for f in train_scored.tsv test_scored.tsv train_scored_trees.tsv test_scored_trees.tsv; do
    publish "$f" "$DATA_DIR/$f"
done
publish metrics.json "$MODEL_DIR/metrics.json"
publish metrics_trees.json "$MODEL_DIR/metrics_trees.json"
publish metrics_both.tsv "$REPORTS_DIR/metrics.tsv"
for f in lift_by_decile.tsv calibration.tsv ks.tsv roc_points.tsv lift_by_decile.png gains.png \
    calibration_curve.png roc.png ks.png lift_by_decile_trees.tsv lift_by_decile_trees.png \
    gains_trees.png; do
    publish "$f" "$REPORTS_DIR/$f"
done
publish_all
