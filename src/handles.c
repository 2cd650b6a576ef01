/* handles.c -- heap objects and field accessors for foreign-function
 * interfaces. See axsterile/handles.h. */
#include "axsterile/handles.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

ax_target *ax_target_new(void)
{
    return calloc(1, sizeof(ax_target));
}

void ax_target_delete(ax_target *t)
{
    if (!t)
        return;
    ax_target_free(t);
    free(t);
}

const char *ax_target_get_name(const ax_target *t)
{
    return t->name;
}

int ax_target_get_kind(const ax_target *t)
{
    return t->kind;
}

int ax_target_get_profile_type(const ax_target *t)
{
    return t->profile.type;
}

double ax_target_get_number(const ax_target *t, const char *field)
{
    static const struct {
        const char *name;
        size_t offset;
    } F[] = {
        {"rho_s", offsetof(ax_target, profile.rho_s)},
        {"r_s", offsetof(ax_target, profile.r_s)},
        {"r_min", offsetof(ax_target, profile.r_min)},
        {"r_max", offsetof(ax_target, profile.r_max)},
        {"gamma", offsetof(ax_target, profile.gamma)},
        {"alpha", offsetof(ax_target, profile.alpha)},
        {"distance", offsetof(ax_target, distance)},
        {"J_published", offsetof(ax_target, J_published)},
    };
    for (size_t i = 0; field && i < sizeof F / sizeof F[0]; i++)
        if (strcmp(field, F[i].name) == 0) {
            double v;
            memcpy(&v, (const char *)t + F[i].offset, sizeof v);
            return v;
        }
    return NAN;
}

ax_limit *ax_limit_new(void)
{
    return calloc(1, sizeof(ax_limit));
}

void ax_limit_delete(ax_limit *lim)
{
    if (!lim)
        return;
    ax_limit_free(lim);
    free(lim);
}

ax_limit_set *ax_limit_set_new(void)
{
    return calloc(1, sizeof(ax_limit_set));
}

void ax_limit_set_delete(ax_limit_set *set)
{
    if (!set)
        return;
    ax_limit_set_free(set);
    free(set);
}

size_t ax_limit_set_size(const ax_limit_set *set)
{
    return set ? set->n : 0;
}

const ax_limit *ax_limit_set_at(const ax_limit_set *set, size_t i)
{
    return set && i < set->n ? &set->items[i] : NULL;
}

const char *ax_limit_get_text(const ax_limit *lim, const char *field)
{
    if (!field)
        return NULL;
    const struct {
        const char *name;
        const char *value;
    } F[] = {
        {"name", lim->name},           {"stem", lim->stem},
        {"path", lim->path},           {"json_path", lim->json_path},
        {"experiment", lim->experiment}, {"reference", lim->reference},
        {"arxiv", lim->arxiv},         {"figure", lim->figure},
        {"doi", lim->doi},             {"digitized_by", lim->digitized_by},
        {"notes", lim->notes},         {"provenance", lim->provenance},
        {"assumed", lim->assumed},
        {"x_unit", lim->x_unit},       {"y_unit", lim->y_unit},
    };
    for (size_t i = 0; i < sizeof F / sizeof F[0]; i++)
        if (strcmp(field, F[i].name) == 0)
            return F[i].value ? F[i].value : "";
    return NULL;
}

int ax_limit_get_y_quantity(const ax_limit *lim)
{
    return (int)lim->y_quantity;
}

int ax_limit_get_x_quantity(const ax_limit *lim)
{
    return (int)lim->x_quantity;
}

int ax_limit_get_convention(const ax_limit *lim)
{
    return lim->convention;
}

double ax_limit_get_dm_fraction(const ax_limit *lim)
{
    return lim->dm_fraction;
}

int ax_limit_get_approximate(const ax_limit *lim)
{
    return lim->approximate;
}

size_t ax_limit_get_points(const ax_limit *lim, const double **x, const double **y)
{
    if (x)
        *x = lim->x;
    if (y)
        *y = lim->y;
    return lim->n;
}
