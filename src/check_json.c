/* check_json.c -- the report of ax_check_point as JSON (the keys of
 * `axsterile check --json`). See axsterile/check.h. */
#include "axsterile/check.h"

#include "axsterile/decay.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

const char *ax_check_row_status_word(const ax_check_row *r)
{
    switch (r->status) {
    case AX_OUT_OF_RANGE: return "out_of_range";
    case AX_MASKED: return "masked";
    case AX_NOT_APPLICABLE: return "not_applicable";
    default: return r->excluded ? "excluded" : "allowed";
    }
}

static int model_json(cJSON *out, const ax_check_report *rep, ax_error *err)
{
    cJSON *o = cJSON_AddObjectToObject(out, "model");
    const ax_model_type *t = ax_model_type_of(rep->model.kind);
    if (!o || !t || !cJSON_AddStringToObject(o, "model", t->name))
        return ax_fail(err, AX_ERUN, "out of memory");
    int st = ax_model_params_json(o, &rep->model, 0, err);
    if (!st) st = ax_json_add_number(o, "omega_h2", rep->prod.omega_h2, err);
    if (!st) st = ax_json_add_number(o, "f_s", rep->f_s, err);
    if (!st) st = ax_json_add_number(o, "sin2_2theta_today", rep->prod.sin2_2theta_today, err);
    if (!st) st = ax_json_add_number(o, "T_max_MeV", rep->prod.T_max * 1e3, err);
    if (!st && (!cJSON_AddBoolToObject(o, "dm_fixed", rep->dm_fixed) ||
                !cJSON_AddStringToObject(out, "decay_convention",
                                         ax_decay_convention_name(rep->convention))))
        st = ax_fail(err, AX_ERUN, "out of memory");
    return st;
}

static int row_json(cJSON *arr, const ax_check_row *r, ax_error *err)
{
    cJSON *row = cJSON_CreateObject();
    if (!row || !cJSON_AddItemToArray(arr, row)) {
        cJSON_Delete(row);
        return ax_fail(err, AX_ERUN, "out of memory");
    }
    int st = AX_OK;
    if (!cJSON_AddStringToObject(row, "name", r->name) ||
        !cJSON_AddStringToObject(row, "kind", r->kind) ||
        !cJSON_AddStringToObject(row, "quantity", r->quantity))
        return ax_fail(err, AX_ERUN, "out of memory");
    if (r->status == AX_OK) {
        st = ax_json_add_number(row, "limit", r->limit, err);
        if (!st) st = ax_json_add_number(row, "model", r->model, err);
        if (!st) st = ax_json_add_number(row, "ratio", r->ratio, err);
    } else if (!cJSON_AddNullToObject(row, "limit") || !cJSON_AddNullToObject(row, "model") ||
               !cJSON_AddNullToObject(row, "ratio")) {
        st = ax_fail(err, AX_ERUN, "out of memory");
    }
    /* "file": the limit file's stem; "" for the built-in bounds */
    if (!st && (!cJSON_AddBoolToObject(row, "excluded", r->excluded) ||
                !cJSON_AddStringToObject(row, "status", ax_check_row_status_word(r)) ||
                !cJSON_AddStringToObject(row, "reference", r->reference) ||
                !cJSON_AddStringToObject(row, "file", r->stem)))
        st = ax_fail(err, AX_ERUN, "out of memory");
    return st;
}

int ax_check_report_json(void *out_, const ax_check_report *rep, ax_error *err)
{
    cJSON *out = out_;
    int st = model_json(out, rep, err);
    if (st)
        return st;
    cJSON *arr;
    if (!cJSON_AddBoolToObject(out, "excluded", rep->excluded) ||
        !cJSON_AddNumberToObject(out, "observational_limits_applied",
                                 (double)rep->n_observational) ||
        !(arr = cJSON_AddArrayToObject(out, "limits")))
        return ax_fail(err, AX_ERUN, "out of memory");
    for (size_t i = 0; !st && i < rep->n; i++)
        st = row_json(arr, &rep->rows[i], err);
    return st;
}

char *ax_check_report_json_text(const ax_check_report *rep, ax_error *err)
{
    cJSON *out = cJSON_CreateObject();
    char *s = NULL;
    if (!out)
        ax_fail(err, AX_ERUN, "out of memory");
    else if (ax_check_report_json(out, rep, err) == AX_OK && !(s = cJSON_Print(out)))
        ax_fail(err, AX_ERUN, "out of memory");
    cJSON_Delete(out);
    return s;
}
