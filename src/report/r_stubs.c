#include "report/report_internal.h"
enum rede_err report_build_materials(struct store_conn *c, const struct report_scope *s, struct report *r) { (void)c; (void)s; (void)r; return REDE_OK; }
enum rede_err report_build_cosp(struct store_conn *c, const struct report_scope *s, struct report *r) { (void)c; (void)s; (void)r; return REDE_OK; }
enum rede_err report_build_home_pedagogue(struct store_conn *c, const struct report_scope *s, struct report *r) { (void)c; (void)s; (void)r; return REDE_OK; }
enum rede_err report_build_costs(struct store_conn *c, const struct report_scope *s, struct report *r) { (void)c; (void)s; (void)r; return REDE_OK; }
enum rede_err report_build_evaluation_kit(struct store_conn *c, const struct report_scope *s, struct report *r) { (void)c; (void)s; (void)r; return REDE_OK; }
enum rede_err report_build_typology(struct store_conn *c, const struct report_scope *s, struct report *r) { (void)c; (void)s; (void)r; return REDE_OK; }
