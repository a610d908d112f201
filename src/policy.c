// SPDX-License-Identifier: GPL-2.0
/*
 * Building, publishing and freeing whole policies.
 *
 * A change never edits the published policy: the writer (holding the
 * namespace's lock) clones it, which only takes references on its lists
 * and maps, replaces what changed, recompiles the maps of the family it
 * touched and publishes the clone with one rcu_assign_pointer(). Packets
 * see the old policy or the new one, never a mix. The old one is freed
 * from a workqueue after a grace period, so that dropping the last
 * reference on a list of millions of prefixes happens in process context,
 * off the packet path, where it may sleep.
 */

#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "op25b.h"

/*
 * The largest max_prefixes accepted. Beyond it the arrays of one set
 * (17 bytes a prefix, and up to four 16-byte boundaries a prefix in a
 * map) would outgrow what kvmalloc() hands out in one piece.
 */
#define OP25B_MAX_PREFIXES_LIMIT (16U << 20)

unsigned int op25b_max_prefixes __read_mostly = 4U << 20;

static int max_prefixes_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, OP25B_MAX_PREFIXES_LIMIT);
}

static const struct kernel_param_ops max_prefixes_ops = {
	.set = max_prefixes_set,
	.get = param_get_uint,
};

module_param_cb(max_prefixes, &max_prefixes_ops, &op25b_max_prefixes, 0644);
MODULE_PARM_DESC(max_prefixes,
		 "Most prefixes per set and family in one namespace, 1 to 16777216 (default 4194304)");

/* Runs the deferred frees; drained by op25b_policy_uninit(). */
static struct workqueue_struct *op25b_wq;

static const u8 src_vals[4] = {
	[0] = OP25B_SRC_OTHER,
	[1] = OP25B_SRC_DYNAMIC,	/* in dynamic only */
	[2] = OP25B_SRC_OTHER,		/* in static only: not dynamic */
	[3] = OP25B_SRC_STATIC,		/* in both */
};

static const u8 relay_vals[4] = { 0, 1, 0, 0 };

int __init op25b_policy_init(void)
{
	op25b_wq = alloc_workqueue("op25b", WQ_UNBOUND, 0);
	return op25b_wq ? 0 : -ENOMEM;
}

void op25b_policy_uninit(void)
{
	/* queue_rcu_work() queues from an RCU callback: wait for those. */
	rcu_barrier();
	destroy_workqueue(op25b_wq);
}

void op25b_policy_free(struct op25b_policy *p)
{
	unsigned int s, f;

	if (!p)
		return;
	for (f = 0; f < OP25B_NFAMILIES; f++) {
		for (s = 0; s < __OP25B_SET_MAX; s++) {
			op25b_plist_put(p->sets[s][f]);
			op25b_nlist_put(p->notes[s][f]);
		}
		op25b_rmap_put(p->src[f]);
		op25b_rmap_put(p->relay[f]);
		cond_resched();
	}
	kfree(p);
}

static void policy_free_work(struct work_struct *work)
{
	struct op25b_policy *p = container_of(to_rcu_work(work),
					      struct op25b_policy, free_work);

	op25b_policy_free(p);
}

void op25b_policy_free_rcu(struct op25b_policy *p)
{
	if (!p)
		return;
	INIT_RCU_WORK(&p->free_work, policy_free_work);
	queue_rcu_work(op25b_wq, &p->free_work);
}

struct op25b_policy *op25b_policy_new(void)
{
	struct op25b_policy *p;
	unsigned int s, f;

	p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
	if (!p)
		return NULL;
	p->mode = OP25B_MODE_ENFORCE;
	p->action = OP25B_ACTION_DROP;
	p->nports = 1;
	p->ports[0] = 25;
	for (s = 0; s < __OP25B_SET_MAX; s++) {
		for (f = 0; f < OP25B_NFAMILIES; f++) {
			p->sets[s][f] = op25b_plist_alloc(f, 0);
			if (!p->sets[s][f]) {
				op25b_policy_free(p);
				return NULL;
			}
		}
	}
	return p;
}

struct op25b_policy *op25b_policy_clone(const struct op25b_policy *old)
{
	struct op25b_policy *p;
	unsigned int s, f;

	p = kmemdup(old, sizeof(*old), GFP_KERNEL_ACCOUNT);
	if (!p)
		return NULL;
	for (f = 0; f < OP25B_NFAMILIES; f++) {
		for (s = 0; s < __OP25B_SET_MAX; s++) {
			op25b_plist_get(p->sets[s][f]);
			op25b_nlist_get(p->notes[s][f]);
		}
		op25b_rmap_get(p->src[f]);
		op25b_rmap_get(p->relay[f]);
	}
	return p;
}

void op25b_policy_set_list(struct op25b_policy *p, u8 set, u8 family,
			   struct op25b_plist *l)
{
	op25b_plist_put(p->sets[set][family]);
	p->sets[set][family] = l;
}

void op25b_policy_set_notes(struct op25b_policy *p, u8 set, u8 family,
			    struct op25b_nlist *l)
{
	op25b_nlist_put(p->notes[set][family]);
	p->notes[set][family] = l;
}

/*
 * Recompiles the map that @set of @family feeds, after a change of the @n
 * prefixes @elems (NULL: of any number), patching the old map where it can.
 */
static int policy_recompile(struct op25b_policy *p, u8 family, u8 set,
			    const void *elems, u32 n)
{
	struct op25b_rmap *m, **slot;

	if (set == OP25B_SET_RELAY) {
		slot = &p->relay[family];
		m = op25b_rmap_update(family, *slot,
				      p->sets[OP25B_SET_RELAY][family], NULL,
				      relay_vals, elems, n);
	} else {
		slot = &p->src[family];
		m = op25b_rmap_update(family, *slot,
				      p->sets[OP25B_SET_DYNAMIC][family],
				      p->sets[OP25B_SET_STATIC][family],
				      src_vals, elems, n);
	}
	if (IS_ERR(m))
		return PTR_ERR(m);
	op25b_rmap_put(*slot);
	*slot = m;
	return 0;
}

int op25b_policy_compile(struct op25b_policy *p, u8 family, u8 set)
{
	return policy_recompile(p, family, set, NULL, 0);
}

int op25b_policy_add(struct op25b_policy *p, u8 set, u8 family,
		     const void *elems, u32 n, const struct op25b_nlist *notes,
		     u32 max, u32 *bad)
{
	struct op25b_plist *l;
	struct op25b_nlist *nl;

	l = op25b_plist_add(p->sets[set][family], elems, n, max, bad);
	if (IS_ERR(l))
		return PTR_ERR(l);
	nl = op25b_nlist_merge(family, p->notes[set][family], notes);
	if (IS_ERR(nl)) {
		op25b_plist_put(l);
		return PTR_ERR(nl);
	}
	op25b_policy_set_list(p, set, family, l);
	op25b_policy_set_notes(p, set, family, nl);
	return policy_recompile(p, family, set, elems, n);
}

int op25b_policy_del(struct op25b_policy *p, u8 set, u8 family,
		     const void *elems, u32 n, u32 *bad)
{
	struct op25b_plist *l;
	struct op25b_nlist *nl;

	l = op25b_plist_del(p->sets[set][family], elems, n, bad);
	if (IS_ERR(l))
		return PTR_ERR(l);
	nl = op25b_nlist_del(family, p->notes[set][family], elems, n);
	if (IS_ERR(nl)) {
		op25b_plist_put(l);
		return PTR_ERR(nl);
	}
	op25b_policy_set_list(p, set, family, l);
	op25b_policy_set_notes(p, set, family, nl);
	return policy_recompile(p, family, set, elems, n);
}

static void expire_schedule(struct op25b_net *on,
			    const struct op25b_policy *p);

void op25b_policy_publish(struct op25b_net *on, struct op25b_policy *p)
{
	struct op25b_policy *old = op25b_policy_locked(on);

	lockdep_assert_held(&on->lock);
	p->generation = old ? old->generation + 1 : 0;
	rcu_assign_pointer(on->policy, p);
	op25b_policy_free_rcu(old);
	expire_schedule(on, p);
}

/*
 * Expiry. Each publish arms the namespace's delayed work for the earliest
 * expiry among the notes, at most EXPIRE_RECHECK seconds ahead: the
 * real-time clock may be stepped, and a timer counts jiffies. The work
 * publishes the policy without the prefixes that have expired, which
 * arms it again for the next one.
 */
#define EXPIRE_RECHECK	60
/* After an allocation failure, the next try. */
#define EXPIRE_RETRY	HZ

static u64 next_expiry(const struct op25b_policy *p)
{
	u64 next = 0, e;
	unsigned int s, f;

	for (s = 0; s < __OP25B_SET_MAX; s++) {
		for (f = 0; f < OP25B_NFAMILIES; f++) {
			e = p->notes[s][f] ? p->notes[s][f]->next_expiry : 0;
			if (e && (!next || e < next))
				next = e;
		}
	}
	return next;
}

static void expire_schedule(struct op25b_net *on,
			    const struct op25b_policy *p)
{
	u64 next = next_expiry(p), now_ns, at_ns;
	unsigned long delay = 0;

	if (!next) {
		cancel_delayed_work(&on->expire_work);
		return;
	}
	now_ns = ktime_get_real_ns();
	at_ns = next * NSEC_PER_SEC;
	if (at_ns > now_ns)
		delay = nsecs_to_jiffies(min_t(u64, at_ns - now_ns,
					       EXPIRE_RECHECK * NSEC_PER_SEC)) + 1;
	mod_delayed_work(op25b_wq, &on->expire_work, delay);
}

/* A clone of the published policy without its expired prefixes, or NULL. */
static struct op25b_policy *expire_build(struct op25b_net *on, u64 now)
{
	struct op25b_policy *p;
	unsigned int s, f;
	void *elems;
	u32 n, bad;
	int ret = 0;

	p = op25b_policy_clone(op25b_policy_locked(on));
	if (!p)
		return ERR_PTR(-ENOMEM);
	for (s = 0; s < __OP25B_SET_MAX && !ret; s++) {
		for (f = 0; f < OP25B_NFAMILIES && !ret; f++) {
			elems = op25b_nlist_expired(f, p->notes[s][f], now, &n);
			if (IS_ERR_OR_NULL(elems)) {
				ret = PTR_ERR_OR_ZERO(elems);
				continue;
			}
			ret = op25b_policy_del(p, s, f, elems, n, &bad);
			/* Every note's prefix is in its list. */
			WARN_ON_ONCE(ret == -ENOENT);
			kvfree(elems);
		}
	}
	if (ret) {
		op25b_policy_free(p);
		return ERR_PTR(ret);
	}
	return p;
}

void op25b_policy_expire_work(struct work_struct *work)
{
	struct op25b_net *on = container_of(to_delayed_work(work),
					    struct op25b_net, expire_work);
	u64 now = ktime_get_real_seconds(), next;
	struct op25b_policy *p;

	mutex_lock(&on->lock);
	p = op25b_policy_locked(on);
	next = next_expiry(p);
	if (!next || next > now) {
		/* Early, or the clock was set back: wait again. */
		expire_schedule(on, p);
	} else {
		p = expire_build(on, now);
		if (IS_ERR(p))
			mod_delayed_work(op25b_wq, &on->expire_work,
					 EXPIRE_RETRY);
		else
			op25b_policy_publish(on, p);
	}
	mutex_unlock(&on->lock);
}

void op25b_policy_expire_stop(struct op25b_net *on)
{
	cancel_delayed_work_sync(&on->expire_work);
}

size_t op25b_policy_bytes(const struct op25b_policy *p)
{
	size_t bytes = sizeof(*p);
	unsigned int s, f;

	for (f = 0; f < OP25B_NFAMILIES; f++) {
		for (s = 0; s < __OP25B_SET_MAX; s++)
			bytes += op25b_plist_bytes(p->sets[s][f]) +
				 op25b_nlist_bytes(p->notes[s][f]);
		bytes += p->src[f] ? p->src[f]->bytes : 0;
		bytes += p->relay[f] ? p->relay[f]->bytes : 0;
	}
	return bytes;
}
