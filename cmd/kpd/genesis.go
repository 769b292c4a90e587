package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/genesis"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

func genesisCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "genesis",
		Short: "Edit and check HOME/config/genesis.json (app_state and validators together)",
		Long: `Edit HOME/config/genesis.json before the chain starts. Every edit checks the
whole registry and keeps app_state.participant.validators and genesis.json's
validators equal, as InitChain requires.`,
	}
	cmd.PersistentFlags().String("genesis", "", "genesis file (default HOME/config/genesis.json)")

	addParticipant := &cobra.Command{
		Use:   "add-participant CODE --name NAME --kind country|reio|trading_entity",
		Short: "Add an active participant",
		Args:  cobra.ExactArgs(1),
		RunE: editGenesis(func(cmd *cobra.Command, g *genesis.Document, args []string) error {
			name, _ := cmd.Flags().GetString("name")
			kindName, _ := cmd.Flags().GetString("kind")
			kind, err := participanttypes.ParseParticipantKind(kindName)
			if err != nil {
				return err
			}
			if err := g.AddParticipant(args[0], name, kind); err != nil {
				return err
			}
			zone, _ := cmd.Flags().GetString("time-zone")
			if _, err := time.LoadLocation(zone); err != nil {
				return fmt.Errorf("--time-zone %q: %w", zone, err)
			}
			if err := g.SetTimeZone(args[0], zone); err != nil {
				return err
			}
			nonProducer, _ := cmd.Flags().GetBool("non-producer")
			return g.SetNonProducer(args[0], nonProducer)
		}),
	}
	addParticipant.Flags().String("name", "", "the participant's name")
	addParticipant.Flags().Bool("non-producer", false, "it mines no rough diamonds: no production report is expected of it")
	addParticipant.Flags().String("time-zone", "", "the IANA time zone in which its officers type dates (default UTC), e.g. Africa/Gaborone")
	addParticipant.Flags().String("kind", "country", "country, reio or trading_entity")
	_ = addParticipant.MarkFlagRequired("name")

	addObserver := &cobra.Command{
		Use:   "add-observer CODE --name NAME --kind industry|civil_society|other",
		Short: "Add an observer",
		Args:  cobra.ExactArgs(1),
		RunE: editGenesis(func(cmd *cobra.Command, g *genesis.Document, args []string) error {
			name, _ := cmd.Flags().GetString("name")
			kindName, _ := cmd.Flags().GetString("kind")
			kind, err := participanttypes.ParseObserverKind(kindName)
			if err != nil {
				return err
			}
			return g.AddObserver(args[0], name, kind)
		}),
	}
	addObserver.Flags().String("name", "", "the observer's name")
	addObserver.Flags().String("kind", "civil_society", "industry, civil_society or other")
	_ = addObserver.MarkFlagRequired("name")

	cmd.AddCommand(
		addParticipant,
		addObserver,
		addKeyCommand("add-officer", "Register an officer key of a participant", "issuer, importer-authority or admin", envelope.Role.IsOfficer),
		addKeyCommand("add-operator", "Register a licensed operator of a participant", "exporter or importer", envelope.Role.IsOperator),
		addKeyCommand("add-observer-key", "Register an observer's key", "observer", func(r envelope.Role) bool { return r == envelope.Role_ROLE_OBSERVER }),
		&cobra.Command{
			Use:   "add-validator CODE PUBKEY",
			Short: "Give a voting participant its validator (PUBKEY: base64 ed25519, see `kpd comet show-validator`)",
			Args:  cobra.ExactArgs(2),
			RunE: editGenesis(func(cmd *cobra.Command, g *genesis.Document, args []string) error {
				pub, err := base64.StdEncoding.DecodeString(args[1])
				if err != nil {
					return fmt.Errorf("PUBKEY: %w", err)
				}
				return g.AddValidator(args[0], pub)
			}),
		},
		addStockCommand(),
		&cobra.Command{
			Use:   "validate",
			Short: "Check genesis.json: CometBFT's document, every app_state section, validators",
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				path := genesisPath(cmd)
				if err := validateGenesisFile(path); err != nil {
					return fmt.Errorf("%s: %w", path, err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s is valid\n", path)
				return nil
			},
		},
	)
	return cmd
}

func addStockCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "add-stock CODE ORIGIN[+ORIGIN...] --carats X --reference TEXT",
		Short: "Record a participant's opening stock of rough diamonds of an origin (or of mixed origins) at genesis",
		Args:  cobra.ExactArgs(2),
		RunE: editGenesis(func(cmd *cobra.Command, g *genesis.Document, args []string) error {
			caratsText, _ := cmd.Flags().GetString("carats")
			reference, _ := cmd.Flags().GetString("reference")
			carats, err := format.ParseHundredths(caratsText)
			if err != nil {
				return fmt.Errorf("--carats: %w", err)
			}
			var origins []string
			for _, o := range strings.Split(args[1], "+") {
				origins = append(origins, strings.ToUpper(strings.TrimSpace(o)))
			}
			return g.AddOpeningStock(strings.ToUpper(args[0]), certtypes.SortedUnique(origins), carats, reference)
		}),
	}
	cmd.Flags().String("carats", "", "carats held, e.g. 125000.00")
	cmd.Flags().String("reference", "", "the inventory or audit that establishes the stock")
	_ = cmd.MarkFlagRequired("carats")
	_ = cmd.MarkFlagRequired("reference")
	return cmd
}

func addKeyCommand(use, short, roles string, allowed func(envelope.Role) bool) *cobra.Command {
	cmd := &cobra.Command{
		Use:   use + " CODE KEY --role ROLE --name NAME",
		Short: short + " (KEY: a keyring name or a base64 public key)",
		Args:  cobra.ExactArgs(2),
		RunE: editGenesis(func(cmd *cobra.Command, g *genesis.Document, args []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			pub, err := c.ResolvePubKey(args[1])
			if err != nil {
				return err
			}
			roleName, _ := cmd.Flags().GetString("role")
			role, err := envelope.ParseRole(roleName)
			if err != nil {
				return err
			}
			if !allowed(role) {
				return fmt.Errorf("--role %s: want %s", roleName, roles)
			}
			name, _ := cmd.Flags().GetString("name")
			return g.AddKey(pub, role, args[0], name)
		}),
	}
	cmd.Flags().String("role", "", roles)
	cmd.Flags().String("name", "", "officer's name, operator's company or observer's name")
	_ = cmd.MarkFlagRequired("name")
	if roles == "observer" {
		_ = cmd.Flags().Set("role", "observer")
	} else {
		_ = cmd.MarkFlagRequired("role")
	}
	return cmd
}

func genesisPath(cmd *cobra.Command) string {
	if p, _ := cmd.Flags().GetString("genesis"); p != "" {
		return p
	}
	home, _ := cmd.Flags().GetString(client.FlagHome)
	return filepath.Join(home, "config", "genesis.json")
}

// editGenesis loads genesis.json, applies an edit and writes it back only when
// the edited document is valid.
func editGenesis(edit func(cmd *cobra.Command, g *genesis.Document, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		path := genesisPath(cmd)
		g, err := genesis.Load(path)
		if err != nil {
			return err
		}
		if err := edit(cmd, g, args); err != nil {
			return err
		}
		tmp := path + ".new"
		if err := g.Save(tmp); err != nil {
			return err
		}
		if err := validateGenesisFile(tmp); err != nil {
			os.Remove(tmp)
			return err
		}
		if err := os.Rename(tmp, path); err != nil {
			return err
		}
		fmt.Fprintf(cmd.OutOrStdout(), "%s %s: %s\n", cmd.Name(), strings.Join(args, " "), path)
		return nil
	}
}

// validateGenesisFile checks a genesis file as a starting node would: CometBFT
// reads the document and the app runs InitChain on it, in memory.
func validateGenesisFile(path string) error {
	doc, err := cmttypes.GenesisDocFromFile(path)
	if err != nil {
		return err
	}
	a, err := app.NewInMemory(app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()
	_, err = a.InitChain(context.Background(), genesis.InitChainRequest(doc))
	return err
}
